using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using GridGIS.Core.Coverage;

namespace GridGIS.Bench.Coverage;

/// <summary>
/// Sums the coverage run's phase histograms (<see cref="CoverageMetrics"/>) while it listens: seconds per phase, over
/// every part (all threads). <see cref="Reset"/> before a pass, <see cref="Format"/> after.
/// </summary>
internal sealed class PhaseTimes : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<(string Instrument, string Phase), double> _seconds = new();

    public PhaseTimes()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == CoverageMetrics.MeterName) listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) =>
        {
            var phase = "";
            foreach (var t in tags) if (t.Key == "phase") phase = t.Value as string ?? "";
            _seconds.AddOrUpdate((instrument.Name, phase), value, (_, sum) => sum + value);
        });
        _listener.Start();
    }

    public void Reset() => _seconds.Clear();

    /// <summary>"prefix+phase=seconds ..." for the given phases of one instrument (0 for a phase not recorded).</summary>
    public string Format(string instrument, string prefix, params string[] phases) => string.Join(' ', phases.Select(p =>
        string.Create(CultureInfo.InvariantCulture, $"{prefix}{p}={_seconds.GetValueOrDefault((instrument, p)):0.000}")));

    public void Dispose() => _listener.Dispose();
}
