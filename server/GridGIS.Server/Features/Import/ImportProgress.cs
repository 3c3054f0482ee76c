namespace GridGIS.Server.Features.Import;

/// <summary>
/// How far an import is: a percentage (0..100, never going backwards) and what it is doing now.
/// Where it goes is the sink's business: a progress line on the command line, the log, or the state of
/// an import job (<see cref="ImportJobs"/>) that <c>GET /api/import/jobs/{id}</c> reports. Thread-safe for one writer.
/// </summary>
internal sealed class ImportProgress(Action<double, string> sink)
{
    private double _percent;

    /// <summary>Progress that only writes lines (the command line: "[ 42%] copied ...").</summary>
    public static ImportProgress Lines(Action<string> write) => new((p, m) => write($"[{p,3:F0}%] {m}"));

    /// <summary>Progress that goes nowhere (tests, callers that do not ask).</summary>
    public static ImportProgress None => new((_, _) => { });

    public double Percent => Volatile.Read(ref _percent);

    /// <summary>Reports <paramref name="percent"/> (clamped to 0..100 and to at least the last value) and a message.</summary>
    public void Report(double percent, string message)
    {
        var p = Math.Clamp(double.IsFinite(percent) ? percent : 0, 0, 100);
        if (p < _percent) p = _percent;
        Volatile.Write(ref _percent, p);
        sink(p, message);
    }

    /// <summary>Reports <paramref name="done"/> of <paramref name="total"/> steps of a stage that spans <paramref name="from"/>..<paramref name="to"/> percent.</summary>
    public void Step(double from, double to, long done, long total, string message) =>
        Report(from + (to - from) * (total <= 0 ? 1 : Math.Clamp((double)done / total, 0, 1)), message);
}
