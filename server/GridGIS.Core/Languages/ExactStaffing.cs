using GridGIS.Core.Coverage;
using GridGIS.Core.Siting;

namespace GridGIS.Core.Languages;

/// <summary>
/// The exact staffing plan and how it was found: <paramref name="Plan"/> (steps in greedy order of their marginal gains;
/// <see cref="StaffingPlan.UpperBound"/> is the solver's proven bound), <paramref name="Status"/> (<see cref="SitingStatus.Optimal"/>
/// when proven within the time limit), and the time the solver took.
/// </summary>
public sealed record ExactStaffingPlan(StaffingPlan Plan, SitingStatus Status, TimeSpan Elapsed)
{
    /// <summary>(bound - persons) / bound, 0..1: how far from the best plan this one can be; 0 when proven optimal or nothing is unserved.</summary>
    public double Gap => Plan.UpperBound is not { } b || b <= 0 ? 0 : Math.Max(0, (b - Plan.Persons) / b);
}

/// <summary>
/// The exact answer to <see cref="LanguageStaffing"/>'s problem (which facilities should gain which language to serve the most
/// foreign residents in their language with at most n staff), solved where the siting issue's solver finishes: the problem is
/// rewritten as a maximal covering problem (candidates: (facility, language) not spoken today and wanted within reach; demands:
/// the language sets of households not served in any of their languages today, weighted by persons) and handed to
/// <see cref="ExactSiting"/> (OR-Tools, SCIP) under a time limit, hinted by the greedy plan. Steps are not restricted to a fewest
/// number of households: this is the administrators' plan; non-administrators keep the greedy plan of showable steps.
/// </summary>
public static class ExactStaffing
{
    /// <summary>
    /// The greedy and the exact plan of a siting base's category (the run's reach, kept in memory), for <paramref name="nationalities"/>
    /// (the households' foreign residents); a facility of unknown languages speaks Chinese only, as in the run.
    /// </summary>
    public static (StaffingPlan Greedy, ExactStaffingPlan Exact) Solve(CategoryBase b, IEnumerable<HouseholdNationality> nationalities, int budget,
        TimeSpan timeLimit, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(b);
        ArgumentNullException.ThrowIfNull(nationalities);
        var languages = LanguageHouseholds.Prepare(b.Households, nationalities);
        var reach = new CategoryReach(b.Category, b.Reacher.ThresholdSeconds, new double[b.Households.Households.Length],
            [.. b.Reaches.Select(r => r.Reach)]);
        var masks = b.Facilities.Select(f => languages.MaskOf(f.Languages)).ToArray();
        var greedy = new LanguageStaffing().Plan(languages, reach, masks, budget);
        return (greedy, Solve(languages, reach, masks, budget, timeLimit, greedy, ct));
    }

    /// <param name="languages">their foreign residents' languages</param>
    /// <param name="reach">the category's reach</param>
    /// <param name="facilityLanguages">per facility of the reach: what it speaks today (<see cref="LanguageHouseholds.MaskOf"/>)</param>
    /// <param name="budget">staff to place, 0..1000</param>
    /// <param name="timeLimit">longest the solver may search (0.1 s .. 10 min)</param>
    /// <param name="hint">the greedy plan of the same inputs to start from, or null</param>
    /// <param name="ct">stops the search at once</param>
    /// <exception cref="OperationCanceledException">when <paramref name="ct"/> is cancelled</exception>
    public static ExactStaffingPlan Solve(LanguageHouseholds languages, CategoryReach reach, IReadOnlyList<ulong> facilityLanguages, int budget,
        TimeSpan timeLimit, StaffingPlan? hint = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(languages);
        ArgumentNullException.ThrowIfNull(reach);
        ArgumentNullException.ThrowIfNull(facilityLanguages);
        ArgumentOutOfRangeException.ThrowIfNegative(budget);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(budget, 1000);
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
        // Demands: entries (persons of one language set in one household) not served today; entryDemand maps an entry to its demand or -1.
        var entryDemand = new int[languages.EntryMask.Length];
        var weights = new List<long>();
        var slotOfDemand = new List<int>();
        long unserved = 0;
        for (var s = 0; s < languages.Count; s++)
            for (var e = languages.EntryStart[s]; e < languages.EntryStart[s + 1]; e++)
            {
                entryDemand[e] = -1;
                if ((languages.EntryMask[e] & servedToday[s]) != 0) continue;
                unserved += languages.EntryPersons[e];
                entryDemand[e] = weights.Count;
                weights.Add(languages.EntryPersons[e]);
                slotOfDemand.Add(s);
            }
        var candidates = new List<(int F, int L)>();
        var covers = new List<int[]>();
        for (var f = 0; f < reached.Length; f++)
            for (var l = 0; l < languages.Languages.Count; l++)
            {
                var bit = 1UL << l;
                if ((facilityLanguages[f] & bit) != 0) continue;
                var ds = new SortedSet<int>();
                foreach (var s in reached[f])
                    for (var e = languages.EntryStart[s]; e < languages.EntryStart[s + 1]; e++)
                        if (entryDemand[e] >= 0 && (languages.EntryMask[e] & bit) != 0) ds.Add(entryDemand[e]);
                if (ds.Count == 0) continue;
                candidates.Add((f, l));
                covers.Add([.. ds]);
            }
        if (budget == 0 || candidates.Count == 0)
            return new ExactStaffingPlan(new StaffingPlan([], 0, 0, unserved), SitingStatus.Optimal, TimeSpan.Zero);
        var problem = new CoveringProblem([.. weights], covers);
        int[]? hinted = null;
        if (hint is not null)
        {
            var index = new Dictionary<(int, string), int>();
            for (var j = 0; j < candidates.Count; j++)
                index[(reach.Facilities[candidates[j].F].FacilityId, languages.Languages[candidates[j].L])] = j;
            hinted = [.. hint.Steps.Select(st => index.GetValueOrDefault((st.FacilityId, st.Language), -1)).Where(j => j >= 0)];
        }
        var answer = ExactSiting.Solve(problem, budget, timeLimit, hinted, 1, ct);
        var steps = new List<StaffingStep>(answer.Sites.Length);
        var demandServed = new bool[weights.Count];
        for (var i = 0; i < answer.Sites.Length; i++)
        {
            if (answer.Gains[i] == 0) continue;                           // a step that serves nobody is no step
            var (f, l) = candidates[answer.Sites[i]];
            var households = new HashSet<int>();                         // households with a language set this step newly serves
            foreach (var d in covers[answer.Sites[i]])
                if (!demandServed[d]) { demandServed[d] = true; households.Add(slotOfDemand[d]); }
            steps.Add(new StaffingStep(reach.Facilities[f].FacilityId, languages.Languages[l], answer.Gains[i], households.Count));
        }
        var bound = Math.Min(unserved, answer.Bound);
        return new ExactStaffingPlan(new StaffingPlan(steps, answer.Objective, bound, unserved), answer.Status, answer.Elapsed);
    }
}
