using GridGIS.Core.Coverage;
using GridGIS.Core.Languages;

namespace GridGIS.Core.Tests.Languages;

/// <summary>
/// Greedy staffing by hand: facility 1 reaches 6 Korean households (2 persons each) and 2 Japanese (1 each); facility 2 reaches
/// 4 of the same Korean households and 5 Japanese households (3 each); facility 3 speaks Korean already and reaches 1 Korean household.
/// </summary>
public sealed class LanguageStaffingTests
{
    private static (LanguageHouseholds Languages, CategoryReach Reach) Case()
    {
        var hh = Enumerable.Range(0, 14).Select(i => new CoverageHousehold(i + 1, i * 10, 0, 3, 3, 1, 1, 1)).ToArray();
        var households = CoverageHouseholds.Prepare(hh, []);
        var ids = households.Households.Select(h => h.Id).ToArray();
        int Index(long id) => Array.IndexOf(ids, id);
        var nationalities = new List<HouseholdNationality>();
        for (var id = 1; id <= 7; id++) nationalities.Add(new(id, "KR", 2));          // 1..6 near facility 1, 7 near facility 3
        for (var id = 8; id <= 9; id++) nationalities.Add(new(id, "JP", 1));          // near facility 1
        for (var id = 10; id <= 14; id++) nationalities.Add(new(id, "JP", 3));        // near facility 2
        var languages = LanguageHouseholds.Prepare(households, nationalities);
        FacilityReach Reach(int f, params int[] households) =>
            new(f, null, households.Select(h => Index(h)).ToArray(), households.Select(_ => 60.0).ToArray());
        var reach = new CategoryReach("health_station", 900, new double[14],
            [Reach(1, 1, 2, 3, 4, 5, 6, 8, 9), Reach(2, 3, 4, 5, 6, 10, 11, 12, 13, 14), Reach(3, 7)]);
        return (languages, reach);
    }

    [Fact]
    public void Plan_TakesTheLargestGainFirst_AndCountsWhatEarlierStepsServed()
    {
        var (languages, reach) = Case();
        var masks = new[] { languages.MaskOf(["zh"]), languages.MaskOf(["zh"]), languages.MaskOf(["zh", "ko"]) };
        var plan = new LanguageStaffing().Plan(languages, reach, masks, 3);
        // ja at 2: 15 persons; ko at 1: 12 persons; then ko at 2 gains nothing (its Koreans are served), ja at 1: 2 persons.
        Assert.Equal([new StaffingStep(2, "ja", 15, 5), new StaffingStep(1, "ko", 12, 6), new StaffingStep(1, "ja", 2, 2)], plan.Steps);
        Assert.Equal(29, plan.Persons);
        Assert.Equal(29, plan.Unserved);                               // Korean household 7 is served by facility 3 already
        Assert.Equal(29, plan.UpperBound!.Value, 9);                  // greedy / (1 - 1/e) is over what is unserved: capped
    }

    [Fact]
    public void Plan_OfOneStaff_IsThePrefix_WithTheGreedyBound()
    {
        var (languages, reach) = Case();
        var masks = new[] { languages.MaskOf(["zh"]), languages.MaskOf(["zh"]), languages.MaskOf(["ko"]) };
        var plan = new LanguageStaffing().Plan(languages, reach, masks, 1);
        Assert.Equal(new StaffingStep(2, "ja", 15, 5), Assert.Single(plan.Steps));
        Assert.Equal(15 / (1 - 1 / Math.E), plan.UpperBound!.Value, 9);
    }

    [Fact]
    public void Plan_WithAFewestHouseholds_SkipsSmallerSteps_AndGivesNoBound()
    {
        var (languages, reach) = Case();
        var masks = new[] { languages.MaskOf(["zh"]), languages.MaskOf(["zh"]), languages.MaskOf(["ko"]) };
        var plan = new LanguageStaffing(minHouseholds: 5).Plan(languages, reach, masks, 3);
        Assert.Equal([new StaffingStep(2, "ja", 15, 5), new StaffingStep(1, "ko", 12, 6)], plan.Steps);   // ja at 1 (2 households) is not a step
        Assert.Null(plan.UpperBound);
    }
}
