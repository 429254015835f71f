using Platform.Insights.Demo.Model;

namespace Platform.Insights.Demo.Metrics;

/// <summary>
/// The utilisation of one resource over time, by profile: active resources follow the traffic shape,
/// idle ones stay below 2 % CPU with a trickle of network (under 5 MB a day) and no database connections, over-provisioned ones sit at 5–15 % CPU and
/// below 30 % memory, scheduled ones are busy only on their weekday or the month's last three days.
/// Each metric draws from its own random stream, so the families are independent files.
/// </summary>
internal sealed class ResourceLoad
{
    private readonly ResourceModel _resource;
    private readonly long _startUnix;
    private readonly double _cpuLevel;
    private readonly double _memoryLevel;
    private readonly double _networkPeak;
    private readonly double _diskStart;
    private readonly double _diskGrowthPerDay;
    private readonly double _connectionsPeak;

    public ResourceLoad(OrganisationModel model, ResourceModel resource)
    {
        _resource = resource;
        _startUnix = model.StartUnix;
        var r = RandomStreams.For(model.Seed, "metrics.resource.params", resource.Index);
        _cpuLevel = r.Between(0.25, 0.6);
        _memoryLevel = resource.Type == ResourceModel.Database ? r.Between(0.65, 0.88) : r.Between(0.4, 0.75);
        _networkPeak = 200_000 + (30_000_000 * r.NextDouble() * r.NextDouble());
        _diskStart = r.Between(0.2, 0.7);
        _diskGrowthPerDay = resource.Attached == false ? 0 : r.Between(0.0005, 0.004);
        _connectionsPeak = r.Between(20, 200);
    }

    private DemoResourceProfile Profile => _resource.Profile;

    public double Cpu(long t, Random r) => Profile switch
    {
        DemoResourceProfile.Idle => r.Between(0.004, 0.016),
        DemoResourceProfile.OverProvisioned => Math.Clamp(0.05 + (0.05 * TrafficShape.At(t)) + (0.05 * r.NextDouble()), 0.05, 0.15),
        DemoResourceProfile.Scheduled => IsBusy(t) ? r.Between(0.55, 0.9) : r.Between(0.005, 0.015),
        _ => Math.Clamp((_cpuLevel * (0.45 + (0.55 * TrafficShape.At(t)))) + (0.03 * r.Noise()), 0.02, 0.97),
    };

    public double Memory(long t, Random r) => Profile switch
    {
        DemoResourceProfile.Idle => Math.Clamp((_memoryLevel * 0.25) + (0.005 * r.Noise()), 0.05, 0.25),
        DemoResourceProfile.OverProvisioned => Math.Clamp((_memoryLevel * 0.35) + (0.01 * r.Noise()), 0.1, 0.29),
        DemoResourceProfile.Scheduled => IsBusy(t) ? r.Between(0.5, 0.7) : Math.Clamp(0.15 + (0.01 * r.Noise()), 0.1, 0.2),
        _ => Math.Clamp(_memoryLevel + (0.05 * TrafficShape.At(t)) + (0.02 * r.Noise()), 0.05, 0.97),
    };

    public long Network(long t, Random r) => Profile switch
    {
        // A trickle (health checks, agents): 5–50 B/s, under AWS's 5 MB/day idle line.
        DemoResourceProfile.Idle => r.Next(5, 50),
        DemoResourceProfile.OverProvisioned => (long)(_networkPeak * 0.1 * TrafficShape.At(t) * (1 + (0.1 * r.Noise()))),
        DemoResourceProfile.Scheduled => IsBusy(t) ? (long)(_networkPeak * r.Between(0.6, 1.0)) : r.Next(5, 50),
        _ => (long)(_networkPeak * TrafficShape.At(t) * (1 + (0.1 * r.Noise()))),
    };

    public double Disk(long t, Random r)
    {
        if (_resource.Attached == false || Profile == DemoResourceProfile.Idle)
        {
            // Nothing writes to it: a flat line.
            return _diskStart;
        }
        var days = (t - _startUnix) / 86_400.0;
        return Math.Clamp(_diskStart + (_diskGrowthPerDay * days) + (0.002 * r.Noise()), 0.01, 0.95);
    }

    public long Connections(long t, Random r) => Profile switch
    {
        // Nobody connects to an unused database.
        DemoResourceProfile.Idle => 0,
        DemoResourceProfile.OverProvisioned => (long)(_connectionsPeak * 0.2 * TrafficShape.At(t)) + r.Next(3),
        DemoResourceProfile.Scheduled => IsBusy(t) ? (long)_connectionsPeak : 0,
        _ => (long)(_connectionsPeak * TrafficShape.At(t) * (1 + (0.1 * r.Noise()))) + 2,
    };

    public long Attached() => _resource.Attached == false ? 0 : 1;

    private bool IsBusy(long t)
    {
        var date = DateOnly.FromDayNumber(DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber + (int)(t / 86_400));
        if (_resource.BusyWeekday is { } weekday)
        {
            return date.DayOfWeek == weekday;
        }
        return date.Day > DateTime.DaysInMonth(date.Year, date.Month) - 3;
    }
}
