using System.Diagnostics;
using System.Globalization;

namespace GridGIS.Bench;

/// <summary>Repeated timings bounded in count and time; median and spread (min..max) in milliseconds.</summary>
internal sealed class BenchmarkStats
{
    private readonly List<double> _ms = new();

    public IReadOnlyList<double> Milliseconds => _ms;
    public double Median => _ms.Count == 0 ? double.NaN : Sorted()[_ms.Count / 2] is var m && _ms.Count % 2 == 1 ? m : (Sorted()[_ms.Count / 2 - 1] + Sorted()[_ms.Count / 2]) / 2;
    public double Min => _ms.Count == 0 ? double.NaN : _ms.Min();
    public double Max => _ms.Count == 0 ? double.NaN : _ms.Max();
    public int Count => _ms.Count;

    private List<double> Sorted() => _ms.Order().ToList();

    /// <summary>Runs <paramref name="action"/> up to <paramref name="runs"/> times, stopping early once <paramref name="budget"/> is spent (at least once).</summary>
    public static async Task<BenchmarkStats> MeasureAsync(int runs, TimeSpan budget, Func<Task> action)
    {
        var stats = new BenchmarkStats();
        var total = Stopwatch.StartNew();
        for (var i = 0; i < runs && (i == 0 || total.Elapsed < budget); i++)
        {
            var sw = Stopwatch.StartNew();
            await action();
            stats._ms.Add(sw.Elapsed.TotalMilliseconds);
        }
        return stats;
    }

    public static Task<BenchmarkStats> Measure(int runs, TimeSpan budget, Action action) =>
        MeasureAsync(runs, budget, () => { action(); return Task.CompletedTask; });

    /// <summary>"12.3 ms (11.9-13.0, n=15)".</summary>
    public string Describe(double scale = 1, string unit = "ms") =>
        string.Create(CultureInfo.InvariantCulture, $"{Format(Median * scale)} {unit} ({Format(Min * scale)}-{Format(Max * scale)}, n={Count})");

    public static string Format(double v) => v switch
    {
        >= 1000 => v.ToString("N0", CultureInfo.InvariantCulture),
        >= 100 => v.ToString("F0", CultureInfo.InvariantCulture),
        >= 10 => v.ToString("F1", CultureInfo.InvariantCulture),
        _ => v.ToString("F2", CultureInfo.InvariantCulture),
    };
}
