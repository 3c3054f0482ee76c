using System.Runtime.CompilerServices;

namespace GridGIS.Core.Coverage;

/// <summary>
/// The households of an analysis prepared once for every category of a run (<see cref="CoverageAnalysis"/>):
/// checked, their residents in a compact array, and each filed under its unit combination (grid, community,
/// street), so that a category sums one combination per household instead of four levels, and the totals
/// that do not depend on the category (households, residents, foreign residents per unit) are summed once.
/// Immutable; thread-safe.
/// </summary>
public sealed class HouseholdUnits
{
    /// <summary>Largest unit id summed into arrays (16 M); sparser ids are summed in a dictionary.</summary>
    internal const int MaxDenseId = 1 << 24;

    private HouseholdUnits(int count, int[] residents, int[] foreign, int[] combination, (int Grid, int Community, int Street)[] combinations,
        int maxGrid, int maxCommunity, int maxStreet)
    {
        Count = count; Residents = residents; Foreign = foreign; Combination = combination; Combinations = combinations;
        MaxGrid = maxGrid; MaxCommunity = maxCommunity; MaxStreet = maxStreet;
        CombinationHouseholds = new long[combinations.Length];
        CombinationResidents = new long[combinations.Length];
        CombinationForeign = new long[combinations.Length];
        for (var i = 0; i < count; i++)
        {
            var k = combination[i];
            CombinationHouseholds[k]++;
            CombinationResidents[k] += residents[i];
            CombinationForeign[k] += foreign[i];
        }
    }

    /// <summary>Number of households.</summary>
    public int Count { get; }

    internal int[] Residents { get; }
    internal int[] Foreign { get; }

    /// <summary>Per household: the index of its unit combination in <see cref="Combinations"/>.</summary>
    internal int[] Combination { get; }

    /// <summary>The distinct (grid, community, street) ids of the households, 0 = none.</summary>
    internal (int Grid, int Community, int Street)[] Combinations { get; }

    internal long[] CombinationHouseholds { get; }
    internal long[] CombinationResidents { get; }
    internal long[] CombinationForeign { get; }
    internal int MaxGrid { get; }
    internal int MaxCommunity { get; }
    internal int MaxStreet { get; }

    /// <summary>Checks and files <paramref name="households"/> (same order: household i of a reach is household i here).</summary>
    /// <exception cref="ArgumentException">negative or inconsistent residents, negative unit ids</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static HouseholdUnits Of(ReadOnlySpan<CoverageHousehold> households)
    {
        var n = households.Length;
        var residents = new int[n];
        var foreign = new int[n];
        var combination = new int[n];
        var index = new Dictionary<(int, int, int), int>();
        var combinations = new List<(int, int, int)>();
        int maxGrid = 0, maxCommunity = 0, maxStreet = 0;
        (int, int, int) lastKey = (-1, -1, -1);
        var last = -1;
        for (var i = 0; i < n; i++)
        {
            ref readonly var h = ref households[i];
            if (h.Residents < 0 || h.ForeignResidents < 0 || h.ForeignResidents > h.Residents)
                throw new ArgumentException($"household {h.Id}: residents {h.Residents}, foreign {h.ForeignResidents}", nameof(households));
            if (h.GridId < 0 || h.CommunityId < 0 || h.StreetId < 0)
                throw new ArgumentException($"household {h.Id}: negative unit id", nameof(households));
            residents[i] = h.Residents;
            foreign[i] = h.ForeignResidents;
            var key = (h.GridId, h.CommunityId, h.StreetId);
            if (key != lastKey)                                  // neighbours in the array usually share their units
            {
                if (!index.TryGetValue(key, out last)) { last = combinations.Count; index[key] = last; combinations.Add(key); }
                lastKey = key;
            }
            combination[i] = last;
            maxGrid = Math.Max(maxGrid, h.GridId);
            maxCommunity = Math.Max(maxCommunity, h.CommunityId);
            maxStreet = Math.Max(maxStreet, h.StreetId);
        }
        return new HouseholdUnits(n, residents, foreign, combination, combinations.ToArray(), maxGrid, maxCommunity, maxStreet);
    }
}
