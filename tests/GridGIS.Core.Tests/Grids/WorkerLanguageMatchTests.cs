using GridGIS.Core.Grids;

namespace GridGIS.Core.Tests.Grids;

public sealed class WorkerLanguageMatchTests
{
    private static readonly WorkerProfile Zhang = new(1, "Zhang", ["zh"], [100], 300);
    private static readonly WorkerProfile Kim = new(2, "Kim", ["zh", "ko"], [200], 100);
    private static readonly WorkerProfile Park = new(3, "Park", ["zh", "ko"], [100], 450);
    private static readonly WorkerProfile Smith = new(4, "Smith", ["zh", "en"], [100], 50);

    private static GridLanguageNeed Grid(int? worker, params (string Nat, long N)[] nats) =>
        new(9, "110105001001009", 100, worker, 100, nats.ToDictionary(n => n.Nat, n => n.N));

    [Fact]
    public void Run_ReportsMismatch_AndSuggestsKoreanSpeakerInSameCommunityFirst()
    {
        var m = Assert.Single(WorkerLanguageMatch.Check([Grid(1, ("KR", 40), ("US", 5))], [Zhang, Kim, Park, Smith]));
        Assert.Equal([new KeyValuePair<string, long>("ko", 40), new("en", 5)], m.WantedLanguages);
        // Park and Kim both reach the 40 Koreans; Park is in the grid's community 100 (even though over the limit after).
        Assert.Equal([3, 2, 4], m.Suggestions.Select(s => s.WorkerId));
        Assert.Equal(40, m.Suggestions[0].ForeignResidentsReached);
        Assert.Equal(550, m.Suggestions[0].HouseholdsAfter);
    }

    [Fact]
    public void Run_ReportsNothing_WhenWorkerSharesALanguage() =>
        Assert.Empty(WorkerLanguageMatch.Check([Grid(4, ("KR", 40), ("GB", 5))], [Zhang, Kim, Smith]));

    [Fact]
    public void Run_ReportsGridWithoutWorker() =>
        Assert.Equal([2], Assert.Single(WorkerLanguageMatch.Check([Grid(null, ("JP", 3), ("KR", 4))], [Zhang, Kim])).Suggestions.Select(s => s.WorkerId));

    [Fact]
    public void Run_IgnoresGrid_WhenNationalitiesMapToNoLanguage() =>
        Assert.Empty(WorkerLanguageMatch.Check([Grid(1, ("XX", 12))], [Zhang, Kim]));

    [Fact]
    public void WantedLanguages_CountsCanadiansForEnglishAndFrench() =>
        Assert.Equal([new KeyValuePair<string, long>("en", 7), new("fr", 4)],
            WorkerLanguageMatch.WantedLanguages(new Dictionary<string, long> { ["CA"] = 4, ["US"] = 3 }));
}
