using System.Diagnostics;

namespace GridGIS.Core.Coverage;

/// <summary>
/// Where a coverage run's compute time goes, summed over its parts (all threads): wall seconds per phase of
/// each part, for `coverage bench`. Process-wide; <see cref="Reset"/> before a run, <see cref="Format"/> after.
/// Costs one timestamp per phase per part.
/// </summary>
public static class ComputeTimings
{
    public const int FacilitySearches = 0, ServedCells = 1, Analysis = 2, Gaps = 3, Wkb = 4;
    private static readonly string[] Names = ["facility_searches", "served_cells", "analysis", "gaps", "wkb"];
    private static readonly long[] Ticks = new long[Names.Length];

    /// <summary>Adds the time since <paramref name="since"/> to <paramref name="phase"/>; returns now.</summary>
    public static long Lap(int phase, long since)
    {
        var now = Stopwatch.GetTimestamp();
        Interlocked.Add(ref Ticks[phase], now - since);
        return now;
    }

    public static void Reset() => Array.Clear(Ticks);

    /// <summary>"name=seconds ..." with a prefix on each name.</summary>
    public static string Format(string prefix) => string.Join(' ', Names.Select((n, i) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{prefix}{n}={Interlocked.Read(ref Ticks[i]) / (double)Stopwatch.Frequency:0.000}")));
}
