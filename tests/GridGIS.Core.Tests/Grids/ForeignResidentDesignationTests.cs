using GridGIS.Core.Grids;

namespace GridGIS.Core.Tests.Grids;

public sealed class ForeignResidentDesignationTests
{
    private static GridResidents Grid(long residents, long foreign, GridKind kind = GridKind.Ordinary, string code = "110105001001001") =>
        new(1, code, kind, residents, foreign, new Dictionary<string, long> { ["KR"] = foreign });

    private static void CheckAction(long residents, long foreign, GridKind kind, DesignationAction? expected)
    {
        var proposals = new ForeignResidentDesignation(minForeignResidents: 50, minForeignShare: 0.10).Run([Grid(residents, foreign, kind)]);
        Assert.Equal(expected, proposals.SingleOrDefault()?.Action);
    }

    [Theory]
    [InlineData(1000, 49, null)]                        // 49 persons, 4.9%: below both
    [InlineData(1000, 50, DesignationAction.Designate)] // count reached exactly
    [InlineData(100, 9, null)]                          // 9%: just below the share
    [InlineData(100, 10, DesignationAction.Designate)]  // 10%: share reached exactly
    [InlineData(0, 0, null)]                            // nobody lives there
    public void Run_ProposesAtThreshold_WhenGridIsOrdinary(long residents, long foreign, DesignationAction? expected) =>
        CheckAction(residents, foreign, GridKind.Ordinary, expected);

    [Theory]
    [InlineData(1000, 60, DesignationAction.Keep)]
    [InlineData(1000, 40, DesignationAction.Review)]
    public void Run_KeepsOrReviews_WhenGridIsForeignResident(long residents, long foreign, DesignationAction expected) =>
        CheckAction(residents, foreign, GridKind.ForeignResident, expected);

    [Fact]
    public void Run_ListsNationalitiesLargestFirst_WithWhichRuleWasMet()
    {
        var grid = new GridResidents(7, "110105001001007", GridKind.Ordinary, 2000, 60,
            new Dictionary<string, long> { ["US"] = 10, ["KR"] = 45, ["JP"] = 5, ["FR"] = 0 });
        var p = Assert.Single(ForeignResidentDesignation.Propose([grid]));
        Assert.True(p.MeetsCount);
        Assert.False(p.MeetsShare);
        Assert.Equal(0.03, p.ForeignShare, 9);
        Assert.Equal(["KR", "US", "JP"], p.Nationalities.Select(n => n.Key));
    }

    [Fact]
    public void Ctor_Throws_WhenShareOutOfRange() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new ForeignResidentDesignation(50, 1.5));
}
