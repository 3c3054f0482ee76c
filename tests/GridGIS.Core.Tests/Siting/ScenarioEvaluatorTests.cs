using GridGIS.Core.Coverage;
using GridGIS.Core.Network;
using GridGIS.Core.Siting;

namespace GridGIS.Core.Tests.Siting;

/// <summary>
/// A scenario's edits, evaluated incrementally over the base, give what a fresh full computation with the edits made
/// real gives: the same covered households in every unit exactly, the same E2SFCA scores and loads (to rounding), the
/// same gaps.
/// </summary>
public sealed class ScenarioEvaluatorTests
{
    private static readonly SitingCity City = new();

    public static TheoryData<ReachMode> Modes => new() { ReachMode.Network, ReachMode.Euclidean };

    private static void CheckEqualsFullRun(ReachMode mode, ScenarioEdit[] edits, CoverageFacility[] realised)
    {
        var b = City.Base(mode);
        var outcome = ScenarioEvaluator.Evaluate(b, edits);
        var full = City.FullRun(mode, realised);
        Assert.Equal(full.Coverage.Units.Count, outcome.Units.Count);
        foreach (var (want, got) in full.Coverage.Units.Zip(outcome.Units))
        {
            Assert.Equal((want.Level, want.UnitId, want.Households, want.HouseholdsCovered, want.ResidentsCovered, want.ForeignCovered),
                (got.Level, got.UnitId, got.Households, got.HouseholdsCovered, got.ResidentsCovered, got.ForeignCovered));
            Assert.Equal(want.Accessibility ?? 0, got.Accessibility ?? 0, 9);
        }
        foreach (var want in full.Coverage.Loads)
        {
            var got = outcome.Loads.Single(l => l.FacilityId == want.FacilityId);
            Assert.Equal((want.Households, want.Residents, want.Capacity, want.Overloaded), (got.Households, got.Residents, got.Capacity, got.Overloaded));
            Assert.Equal(want.SupplyRatio ?? -1, got.SupplyRatio ?? -1, 12);
        }
        Assert.Equal(full.Coverage.Loads.Count, outcome.Loads.Count);
        var gaps = outcome.Gaps();
        Assert.Equal(full.Gaps.Select(g => (g.Households, g.HouseholdsNotCovered, g.AreaM2)), gaps.Select(g => (g.Households, g.HouseholdsNotCovered, g.AreaM2)));
        // newly covered minus newly uncovered is the district's change
        var before = b.Coverage.Units.Single(u => u.Level == CoverageLevel.District).HouseholdsCovered;
        var after = outcome.Units.Single(u => u.Level == CoverageLevel.District).HouseholdsCovered;
        Assert.Equal(after - before, outcome.NewlyCovered.Households - outcome.NewlyUncovered.Households);
    }

    [Theory, MemberData(nameof(Modes))]
    public void Add_InTheGap_EqualsAFullRunWithTheFacilityAdded(ReachMode mode)
    {
        var added = new CoverageFacility(-1, 2450, 1050, 150);
        CheckEqualsFullRun(mode, [new ScenarioEdit(EditKind.Add, "clinic", -1, added.X, added.Y, 150)], [.. City.Facilities, added]);
    }

    [Theory, MemberData(nameof(Modes))]
    public void Add_InTheGap_CoversExactlyTheUncoveredHouseholdsItReaches(ReachMode mode)
    {
        var b = City.Base(mode);
        var outcome = ScenarioEvaluator.Evaluate(b, [new ScenarioEdit(EditKind.Add, "clinic", -1, 2450, 1050, 150)]);
        var reach = b.Reacher.Reach(new CoverageFacility(-1, 2450, 1050, 150)).Reach;
        var uncoveredReached = reach.Households.Count(i => !b.Coverage.Covered[i]);
        Assert.True(uncoveredReached > 20, $"the site reaches {uncoveredReached} uncovered households");
        Assert.Equal(uncoveredReached, outcome.NewlyCovered.Households);
        Assert.Equal(0, outcome.NewlyUncovered.Households);
        Assert.Equal(reach.Households.Count, outcome.PlacedLoads.Single().Households);
    }

    [Theory, MemberData(nameof(Modes))]
    public void Move_EqualsAFullRunWithTheFacilityMoved(ReachMode mode)
    {
        var moved = City.Facilities[1] with { X = 2600, Y = 400 };
        CheckEqualsFullRun(mode, [new ScenarioEdit(EditKind.Move, "clinic", moved.Id, moved.X, moved.Y)],
            [City.Facilities[0], moved, City.Facilities[2], City.Facilities[3]]);
    }

    [Theory, MemberData(nameof(Modes))]
    public void Close_EqualsAFullRunWithoutTheFacility(ReachMode mode)
    {
        var outcomeEdits = new[] { new ScenarioEdit(EditKind.Close, "clinic", 4) };
        CheckEqualsFullRun(mode, outcomeEdits, City.Facilities.Where(f => f.Id != 4).ToArray());
        Assert.True(ScenarioEvaluator.Evaluate(City.Base(mode), outcomeEdits).NewlyUncovered.Households > 0);
    }

    [Theory, MemberData(nameof(Modes))]
    public void EditsInSequence_EqualAFullRunOfTheirEnd(ReachMode mode)
    {
        ScenarioEdit[] edits =
        [
            new(EditKind.Add, "clinic", -1, 2450, 1050, 150),
            new(EditKind.Add, "clinic", -2, 1900, 300, 60),
            new(EditKind.Move, "clinic", -1, 2700, 1700),
            new(EditKind.Close, "clinic", -2),
            new(EditKind.Close, "clinic", 1),
            new(EditKind.Add, "school", -1, 100, 100, 10),          // another category: not this outcome's
        ];
        CheckEqualsFullRun(mode, edits, [City.Facilities[1], City.Facilities[2], City.Facilities[3], new CoverageFacility(-1, 2700, 1700, 150)]);
    }

    [Fact]
    public void Evaluate_Throws_WhenAnEditNamesNoFacility()
    {
        var b = City.Base(ReachMode.Network);
        Assert.Throws<ArgumentException>(() => ScenarioEvaluator.Evaluate(b, [new ScenarioEdit(EditKind.Close, "clinic", 99)]));
        Assert.Throws<ArgumentException>(() => ScenarioEvaluator.Evaluate(b, [new ScenarioEdit(EditKind.Close, "clinic", 4), new ScenarioEdit(EditKind.Move, "clinic", 4, 1, 1)]));
        Assert.Throws<ArgumentException>(() => ScenarioEvaluator.Evaluate(b, [new ScenarioEdit(EditKind.Add, "clinic", 5, 1, 1)]));
    }

    [Fact]
    public void Base_EqualsTheFullRun()
    {
        var b = City.Base(ReachMode.Network);
        var full = City.FullRun(ReachMode.Network, City.Facilities);
        Assert.Equal(full.Coverage.Units.Select(u => (u.Level, u.UnitId, u.HouseholdsCovered)), b.Coverage.Units.Select(u => (u.Level, u.UnitId, u.HouseholdsCovered)));
        Assert.Equal(full.Coverage.Covered, b.Coverage.Covered);
        Assert.Equal(full.Gaps.Count, b.Gaps.Count);
    }
}
