using Platform.Insights.Ingest.Records;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Platform.Insights.Ingest.Parsers;

/// <summary>
/// Wraps a YamlDotNet <see cref="IParser"/> and refuses input nested deeper than <see cref="MaxDepth"/> with an
/// <see cref="InputFormatException"/> naming file and line. YamlDotNet builds its node tree recursively, so
/// <c>[[[[…]]]]</c> a few hundred thousand deep would overflow the stack and kill the process (a crash no
/// <c>catch</c> can stop); no catalog or policy file nests past a dozen levels. Aliases are not expanded by the
/// representation model (an alias is the same node object), so billion-laughs input stays small.
/// </summary>
public sealed class YamlNestingLimit(IParser inner, string fileName, int maxDepth = YamlNestingLimit.MaxDepth) : IParser
{
    public const int MaxDepth = 64;

    private int depth;

    public ParsingEvent? Current => inner.Current;

    public bool MoveNext()
    {
        if (!inner.MoveNext())
        {
            return false;
        }
        switch (inner.Current)
        {
            case SequenceStart or MappingStart:
                if (++depth > maxDepth)
                {
                    throw new InputFormatException(fileName, inner.Current.Start.Line, $"YAML nested deeper than {maxDepth} levels");
                }
                break;
            case SequenceEnd or MappingEnd:
                depth--;
                break;
        }
        return true;
    }
}
