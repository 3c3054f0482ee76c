using System.Runtime.CompilerServices;

namespace GridGIS.Core.Coverage;

/// <summary>
/// The spread of E2SFCA accessibility scores over one unit's households, weighted by their residents: the Gini index and the
/// Palma ratio. Both null where undefined (no residents; no accessibility at all; for Palma, a bottom 40 % without any).
/// </summary>
public sealed record UnitEquity(CoverageLevel Level, int UnitId, double? Gini, double? Palma);

/// <summary>
/// Inequality of accessibility as IPEA's R package <c>accessibility</c> defines it (Pereira and Herszenhut), over households
/// weighted by residents:
/// <list type="bullet">
/// <item><see cref="Gini"/> (<c>gini_index</c>): order by score; the Lorenz curve's area by trapezoids from (0, 0) over each
/// household's share of residents; Gini = 1 - 2 × area. 0 = everyone equal; 1 - 1/n when one of n equal groups has it all.</item>
/// <item><see cref="Palma"/> (<c>palma_ratio</c>): the residents-weighted mean score of the top group over that of the bottom group.
/// The package ranks people by income (richest 10 %, above the weighted 90 % quantile; poorest 40 %, at or below the 40 %
/// quantile, <c>Hmisc::wtd.quantile</c>); households carry no income here, so they are ranked by the score itself: the
/// 10 % best served against the 40 % worst served. Quantiles as <c>wtd.quantile</c> with residents as frequency weights
/// (R's type 7 over the data repeated by weight).</item>
/// </list>
/// Households without residents weigh nothing. Pure.
/// </summary>
public static class AccessibilityEquity
{
    /// <summary>Gini index of <paramref name="scores"/> (&gt;= 0) weighted by <paramref name="weights"/> (&gt;= 0); null when undefined.</summary>
    public static double? Gini(ReadOnlySpan<double> scores, ReadOnlySpan<int> weights)
    {
        var order = Order(scores, weights);
        return GiniSorted(scores, weights, order);
    }

    /// <summary>Palma ratio of <paramref name="scores"/> weighted by <paramref name="weights"/>; null when undefined or infinite.</summary>
    public static double? Palma(ReadOnlySpan<double> scores, ReadOnlySpan<int> weights)
    {
        var order = Order(scores, weights);
        return PalmaSorted(scores, weights, order);
    }

    /// <summary>Gini and Palma per street and for the district (unit id 0), from the household scores of a category.</summary>
    public static IReadOnlyList<UnitEquity> PerStreet(HouseholdUnits households, double[] scores)
    {
        ArgumentNullException.ThrowIfNull(households);
        ArgumentNullException.ThrowIfNull(scores);
        if (scores.Length != households.Count) throw new ArgumentException($"{scores.Length} scores for {households.Count} households", nameof(scores));
        var weights = households.Residents;
        var order = Order(scores, weights);
        var result = new List<UnitEquity> { new(CoverageLevel.District, 0, GiniSorted(scores, weights, order), PalmaSorted(scores, weights, order)) };
        // Split the sorted order by street, keeping it sorted within each (a counting sort is stable). Street ids are database
        // ids summed into arrays (HouseholdUnits.MaxDenseId bounds them).
        var streetOf = new int[households.Count];
        for (var i = 0; i < streetOf.Length; i++) streetOf[i] = households.Combinations[households.Combination[i]].Street;
        var counts = new int[households.MaxStreet + 1];            // households per street id (0: none)
        foreach (var i in order) counts[streetOf[i]]++;
        var start = new int[counts.Length];                         // where each street's households begin
        for (var s = 1; s < counts.Length; s++) start[s] = start[s - 1] + counts[s - 1];
        var next = (int[])start.Clone();
        var byStreet = new int[order.Length];
        foreach (var i in order) byStreet[next[streetOf[i]]++] = i;
        for (var s = 1; s < counts.Length; s++)
        {
            if (counts[s] == 0) continue;
            var slice = byStreet.AsSpan(start[s], counts[s]);
            result.Add(new UnitEquity(CoverageLevel.Street, s, GiniSorted(scores, weights, slice), PalmaSorted(scores, weights, slice)));
        }
        return result;
    }

    /// <summary>Indices of the households with residents, by score ascending (checked: scores finite and &gt;= 0, weights &gt;= 0).</summary>
    private static int[] Order(ReadOnlySpan<double> scores, ReadOnlySpan<int> weights)
    {
        if (scores.Length != weights.Length) throw new ArgumentException($"{scores.Length} scores but {weights.Length} weights", nameof(weights));
        var n = 0;
        for (var i = 0; i < scores.Length; i++)
        {
            if (!(scores[i] >= 0) || double.IsInfinity(scores[i])) throw new ArgumentException($"score #{i} is {scores[i]}; scores are finite and >= 0", nameof(scores));
            if (weights[i] < 0) throw new ArgumentException($"weight #{i} is {weights[i]} < 0", nameof(weights));
            if (weights[i] > 0) n++;
        }
        var keys = new ulong[n];
        var idx = new int[n];
        for (int i = 0, k = 0; i < scores.Length; i++)
            if (weights[i] > 0) { keys[k] = BitConverter.DoubleToUInt64Bits(scores[i]); idx[k++] = i; }
        return RadixSort(keys, idx);
    }

    /// <summary>
    /// Sorts <paramref name="items"/> by <paramref name="keys"/> (the bits of doubles &gt;= 0, which order as the doubles do), stable:
    /// least significant digit first, 11 bits a pass, passes where every key has the same digit skipped. Linear, which is what a
    /// city's 0.8 million households per category want (a comparison sort costs several times the rest of the category).
    /// </summary>
    /// <returns>the items in key order (one of the two buffers)</returns>
    private static int[] RadixSort(ulong[] keys, int[] items)
    {
        const int Bits = 11, Buckets = 1 << Bits;
        var n = keys.Length;
        var keys2 = new ulong[n];
        var items2 = new int[n];
        var count = new int[Buckets];
        for (var shift = 0; shift < 64; shift += Bits)
        {
            Array.Clear(count);
            foreach (var k in keys) count[(int)((k >> shift) & (Buckets - 1))]++;
            if (n == 0 || count[(int)((keys[0] >> shift) & (Buckets - 1))] == n) continue;      // one digit for all: nothing to move
            for (int b = 0, sum = 0; b < Buckets; b++) { var c = count[b]; count[b] = sum; sum += c; }
            for (var i = 0; i < n; i++)
            {
                var d = (int)((keys[i] >> shift) & (Buckets - 1));
                var to = count[d]++;
                keys2[to] = keys[i];
                items2[to] = items[i];
            }
            (keys, keys2) = (keys2, keys);
            (items, items2) = (items2, items);
        }
        return items;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static double? GiniSorted(ReadOnlySpan<double> scores, ReadOnlySpan<int> weights, ReadOnlySpan<int> order)
    {
        double population = 0, total = 0;
        foreach (var i in order) { population += weights[i]; total += weights[i] * scores[i]; }
        if (population == 0 || total == 0) return null;                 // R: NaN (0 / 0)
        double cumulative = 0, previous = 0, area = 0;
        foreach (var i in order)
        {
            cumulative += weights[i] * scores[i];
            var edge = cumulative / total;
            area += (previous + edge) * (weights[i] / population) / 2;
            previous = edge;
        }
        return 1 - 2 * area;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static double? PalmaSorted(ReadOnlySpan<double> scores, ReadOnlySpan<int> weights, ReadOnlySpan<int> order)
    {
        if (order.Length == 0) return null;
        var q40 = Quantile(scores, weights, order, 0.4);
        var q90 = Quantile(scores, weights, order, 0.9);
        double topW = 0, topSum = 0, bottomW = 0, bottomSum = 0;
        foreach (var i in order)
        {
            var (a, w) = (scores[i], (double)weights[i]);
            if (a <= q40) { bottomW += w; bottomSum += w * a; }
            if (a > q90) { topW += w; topSum += w * a; }
        }
        if (topW == 0 || bottomW == 0) return null;                     // R: NA (an empty group)
        var bottom = bottomSum / bottomW;
        return bottom > 0 ? topSum / topW / bottom : null;             // R: Inf when the bottom 40 % has nothing
    }

    /// <summary>Hmisc::wtd.quantile (type "quantile", frequency weights): R's type 7 over the scores repeated by weight.</summary>
    private static double Quantile(ReadOnlySpan<double> scores, ReadOnlySpan<int> weights, ReadOnlySpan<int> order, double p)
    {
        long n = 0;
        foreach (var i in order) n += weights[i];
        var position = 1 + (n - 1) * p;
        var low = Math.Max(1, (long)Math.Floor(position));
        var high = Math.Min(low + 1, n);
        var frac = position - Math.Floor(position);
        return (1 - frac) * At(scores, weights, order, low) + frac * At(scores, weights, order, high);
    }

    /// <summary>The k-th (1-based) score of the data repeated by weight.</summary>
    private static double At(ReadOnlySpan<double> scores, ReadOnlySpan<int> weights, ReadOnlySpan<int> order, long k)
    {
        long cumulative = 0;
        foreach (var i in order)
        {
            cumulative += weights[i];
            if (cumulative >= k) return scores[i];
        }
        return scores[order[^1]];
    }
}
