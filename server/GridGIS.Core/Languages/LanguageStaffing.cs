using GridGIS.Core.Coverage;

namespace GridGIS.Core.Languages;

/// <summary>One step of a staffing plan: facility <paramref name="FacilityId"/> gains <paramref name="Language"/>, serving
/// <paramref name="Persons"/> more foreign residents (in <paramref name="Households"/> households) in their language.</summary>
public sealed record StaffingStep(int FacilityId, string Language, long Persons, long Households);

/// <summary>
/// A staffing plan for a budget of staff, one language at one facility each: the steps in order, the persons they serve in their
/// language, and the greedy bound: the best plan of the same budget serves at most <paramref name="UpperBound"/> persons
/// (greedy / (1 - 1/e), and never more than <paramref name="Unserved"/>, the persons not served in their language today); null when
/// steps were restricted to a fewest number of households, where the bound does not hold.
/// </summary>
public sealed record StaffingPlan(IReadOnlyList<StaffingStep> Steps, long Persons, double? UpperBound, long Unserved);

/// <summary>
/// Which facilities of a category should gain which language to serve the most foreign residents in their language: a maximum
/// coverage problem over candidates (facility, language). A candidate serves the persons of the households within the facility's
/// threshold who want that language and are not served in any of theirs yet. Greedy with lazy evaluation (Minoux): the gain of a
/// candidate only shrinks as others are chosen, so a stale gain is an upper bound and a candidate whose recomputed gain is still
/// the largest is the greedy choice. Greedy serves at least 1 - 1/e (63.2 %) of the best plan's persons (Nemhauser, Wolsey and
/// Fisher 1978). Each plan of budget n is the first n steps of the plan of a larger budget. A candidate is taken only when its
/// gain reaches <see cref="MinHouseholds"/> households (the privacy rule's threshold for what a non-administrator may be shown).
/// </summary>
public sealed class LanguageStaffing
{
    /// <param name="minHouseholds">fewest newly served households a step may have (&gt;= 1; 5 for non-administrators)</param>
    public LanguageStaffing(int minHouseholds = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(minHouseholds, 1);
        MinHouseholds = minHouseholds;
    }

    /// <summary>Fewest newly served households a step may have.</summary>
    public int MinHouseholds { get; }

    /// <summary>The greedy plan of at most <paramref name="budget"/> steps (fewer when no candidate gains anything).</summary>
    /// <param name="languages">their foreign residents' languages</param>
    /// <param name="reach">the category's reach</param>
    /// <param name="facilityLanguages">per facility of the reach: what it speaks today (<see cref="LanguageHouseholds.MaskOf"/>)</param>
    /// <param name="budget">staff to place, 0..1000</param>
    public StaffingPlan Plan(LanguageHouseholds languages, CategoryReach reach, IReadOnlyList<ulong> facilityLanguages, int budget)
    {
        ArgumentNullException.ThrowIfNull(languages);
        ArgumentNullException.ThrowIfNull(reach);
        ArgumentNullException.ThrowIfNull(facilityLanguages);
        ArgumentOutOfRangeException.ThrowIfNegative(budget);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(budget, 1000);
        // Each facility's slots within the threshold, and which entries (persons of one language set) are served today.
        var T = reach.ThresholdSeconds;
        var reached = new List<int>[reach.Facilities.Count];
        var servedToday = new ulong[languages.Count];
        for (var f = 0; f < reached.Length; f++)
        {
            reached[f] = [];
            ReadOnlySpan<int> ids = reach.Facilities[f].Households;
            ReadOnlySpan<double> seconds = reach.Facilities[f].Seconds;
            for (var k = 0; k < ids.Length; k++)
                if (languages.SlotOfHousehold[ids[k]] is var s and >= 0 && seconds[k] <= T)
                {
                    reached[f].Add(s);
                    servedToday[s] |= facilityLanguages[f];
                }
        }
        var entryServed = new bool[languages.EntryMask.Length];
        long unserved = 0;
        for (var s = 0; s < languages.Count; s++)
            for (var e = languages.EntryStart[s]; e < languages.EntryStart[s + 1]; e++)
                if ((languages.EntryMask[e] & servedToday[s]) != 0) entryServed[e] = true;
                else unserved += languages.EntryPersons[e];

        (long Persons, long Households) Gain(int f, int l)
        {
            var bit = 1UL << l;
            long p = 0, h = 0;
            foreach (var s in reached[f])
            {
                var any = false;
                for (var e = languages.EntryStart[s]; e < languages.EntryStart[s + 1]; e++)
                    if (!entryServed[e] && (languages.EntryMask[e] & bit) != 0) { p += languages.EntryPersons[e]; any = true; }
                if (any) h++;
            }
            return (p, h);
        }

        // Max-heap of stale gains (persons; then the lower facility id and language for a stable order).
        var heap = new PriorityQueue<(int F, int L), (long, int, int)>(Comparer<(long P, int F, int L)>.Create((a, b) =>
            b.P != a.P ? b.P.CompareTo(a.P) : a.F != b.F ? a.F.CompareTo(b.F) : a.L.CompareTo(b.L)));
        for (var f = 0; f < reached.Length; f++)
        {
            ulong wantedNear = 0;                                         // only the languages someone within reach wants
            foreach (var s in reached[f]) wantedNear |= languages.Wanted[s];
            for (var l = 0; l < languages.Languages.Count; l++)
            {
                if ((facilityLanguages[f] & (1UL << l)) != 0 || (wantedNear & (1UL << l)) == 0) continue;
                var (p, h) = Gain(f, l);
                if (p > 0 && h >= MinHouseholds) heap.Enqueue((f, l), (p, reach.Facilities[f].FacilityId, l));
            }
        }
        var steps = new List<StaffingStep>();
        long total = 0;
        while (steps.Count < budget && heap.TryDequeue(out var c, out var stale))
        {
            var (p, h) = Gain(c.F, c.L);
            if (p == 0 || h < MinHouseholds) continue;                   // nothing (showable) left for this candidate
            if (p < stale.Item1 && heap.TryPeek(out _, out var top) && top.Item1 > p)
            {
                heap.Enqueue(c, (p, stale.Item2, stale.Item3));             // stale: put back with its true gain
                continue;
            }
            steps.Add(new StaffingStep(reach.Facilities[c.F].FacilityId, languages.Languages[c.L], p, h));
            total += p;
            var bit = 1UL << c.L;
            foreach (var s in reached[c.F])
                for (var e = languages.EntryStart[s]; e < languages.EntryStart[s + 1]; e++)
                    if ((languages.EntryMask[e] & bit) != 0) entryServed[e] = true;
        }
        return new StaffingPlan(steps, total, MinHouseholds == 1 ? Math.Min(unserved, total / (1 - 1 / Math.E)) : null, unserved);
    }
}
