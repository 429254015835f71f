using System.Reflection;
using System.Runtime.InteropServices;
using Platform.Insights.Ingest.Tests.Fuzz;

namespace Platform.Insights.Bench.Fuzz;

/// <summary>
/// Edge coverage from SharpFuzz's instrumentation, read in process: instrumented assemblies bump
/// <c>SharpFuzz.Common.Trace.SharedMem[location ^ previous]</c> on every branch, as AFL does. This class owns that
/// 64 KiB map (AFL would share it with afl-fuzz; here the fuzzer is the same process), clears it before each
/// execution and keeps AFL's bucketed hit counts seen so far, so an input that reaches a new edge or a new
/// count bucket joins the corpus. Works with both shapes SharpFuzz.Common has had for the map (byte* or byte[]).
/// </summary>
public sealed unsafe class SharpFuzzCoverage : IFuzzCoverage, IDisposable
{
    private const int MapSize = 1 << 16;
    private static readonly byte[] Buckets = BuildBuckets();

    private readonly byte[] virgin = new byte[MapSize];
    private readonly FieldInfo prevLocation;
    private readonly byte[]? managedMap;
    private readonly byte* nativeMap;

    public SharpFuzzCoverage()
    {
        var trace = Type.GetType("SharpFuzz.Common.Trace, SharpFuzz.Common", throwOnError: true)!;
        var shared = trace.GetField("SharedMem", BindingFlags.Public | BindingFlags.Static) ?? throw new InvalidOperationException("SharpFuzz.Common.Trace.SharedMem not found");
        prevLocation = trace.GetField("PrevLocation", BindingFlags.Public | BindingFlags.Static) ?? throw new InvalidOperationException("SharpFuzz.Common.Trace.PrevLocation not found");
        if (shared.FieldType == typeof(byte[]))
        {
            managedMap = (byte[])shared.GetValue(null)!;
        }
        else
        {
            nativeMap = (byte*)NativeMemory.AllocZeroed(MapSize);
            shared.SetValue(null, Pointer.Box(nativeMap, typeof(byte*)));
        }
    }

    public int EdgesSeen { get; private set; }

    private Span<byte> Map => managedMap is not null ? managedMap : new Span<byte>(nativeMap, MapSize);

    public void Reset()
    {
        Map.Clear();
        prevLocation.SetValue(null, 0);
    }

    public bool HasNewEdges()
    {
        var map = Map;
        var found = false;
        for (var i = 0; i < MapSize; i++)
        {
            if (map[i] == 0)
            {
                continue;
            }
            var bucket = Buckets[map[i]];
            if ((virgin[i] & bucket) != bucket)
            {
                if (virgin[i] == 0)
                {
                    EdgesSeen++;
                }
                virgin[i] |= bucket;
                found = true;
            }
        }
        return found;
    }

    public void Dispose()
    {
        if (nativeMap is not null)
        {
            NativeMemory.Free(nativeMap);
        }
    }

    // AFL's hit-count classes: 1, 2, 3, 4-7, 8-15, 16-31, 32-127, 128+.
    private static byte[] BuildBuckets()
    {
        var buckets = new byte[256];
        for (var n = 1; n < 256; n++)
        {
            buckets[n] = n switch
            {
                1 => 1, 2 => 2, 3 => 4, <= 7 => 8, <= 15 => 16, <= 31 => 32, <= 127 => 64, _ => 128,
            };
        }
        return buckets;
    }
}
