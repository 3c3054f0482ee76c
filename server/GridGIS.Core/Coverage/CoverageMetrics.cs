using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace GridGIS.Core.Coverage;

/// <summary>
/// Where a coverage run's time goes, as <see cref="System.Diagnostics.Metrics"/> histograms of the meter
/// <see cref="MeterName"/> (seconds, tagged <c>phase</c>): <see cref="ComputeInstrument"/> per phase of one
/// category's compute (facility_searches, served_cells, analysis, gaps; the server adds wkb), and
/// <see cref="LoadInstrument"/> per phase of loading a run's inputs. Any listener (OpenTelemetry,
/// <c>dotnet-counters</c>, the benchmark) may read them; with none listening a phase costs two timestamps.
/// </summary>
public static class CoverageMetrics
{
    public const string MeterName = "GridGIS.Coverage";
    public const string ComputeInstrument = "gridgis.coverage.compute.duration";
    public const string LoadInstrument = "gridgis.coverage.load.duration";

    private static readonly Meter Meter = new(MeterName);
    private static readonly Histogram<double> Compute = Meter.CreateHistogram<double>(ComputeInstrument, "s", "seconds of one phase of one category's compute");
    private static readonly Histogram<double> Load = Meter.CreateHistogram<double>(LoadInstrument, "s", "seconds of one phase of loading a run's inputs");

    /// <summary>Records the time since <paramref name="since"/> (a <see cref="Stopwatch.GetTimestamp"/>) as a compute phase; returns now.</summary>
    public static long ComputeLap(string phase, long since) => Lap(Compute, phase, since);

    /// <summary>Records the time since <paramref name="since"/> as a load phase; returns now.</summary>
    public static long LoadLap(string phase, long since) => Lap(Load, phase, since);

    private static long Lap(Histogram<double> histogram, string phase, long since)
    {
        var now = Stopwatch.GetTimestamp();
        if (histogram.Enabled) histogram.Record(Stopwatch.GetElapsedTime(since, now).TotalSeconds, new KeyValuePair<string, object?>("phase", phase));
        return now;
    }
}
