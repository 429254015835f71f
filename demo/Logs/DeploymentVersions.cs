using System.Globalization;

namespace Platform.Insights.Demo.Logs;

/// <summary>
/// The semantic version a service is at, advanced as its deployments are written in time order: a
/// successful production release bumps the minor version, a fix after a failed release bumps the patch,
/// staging gets release candidates of the next minor.
/// </summary>
internal sealed class DeploymentVersions(int major, int minor)
{
    private int _minor = minor;
    private int _patch;
    private int _failedMinor = -1;
    private int _candidate;

    public string Current => Format(major, _minor, _patch);

    public string Production(bool succeeded, bool isFix)
    {
        if (isFix && _failedMinor >= 0)
        {
            _minor = _failedMinor;
            _patch = 1;
            _failedMinor = -1;
            _candidate = 0;
            return Current;
        }
        if (isFix)
        {
            _patch++;
            return Current;
        }
        var attempted = Format(major, _minor + 1, 0);
        if (succeeded)
        {
            _minor++;
            _patch = 0;
            _candidate = 0;
        }
        else
        {
            _failedMinor = _minor + 1;
        }
        return attempted;
    }

    public string Staging() =>
        Format(major, _minor + 1, 0) + "-rc." + (++_candidate).ToString(CultureInfo.InvariantCulture);

    private static string Format(int major, int minor, int patch) =>
        string.Create(CultureInfo.InvariantCulture, $"{major}.{minor}.{patch}");
}
