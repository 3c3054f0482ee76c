using GridGIS.Core.Grids;
using NetTopologySuite.IO;

namespace GridGIS.Core.Tests.Grids;

public sealed class WorkloadBalanceTests
{
    private static readonly WKTReader Wkt = new();

    // A row of unit squares along x: grid i covers [i, i+1] x [0, 1]; neighbours share an edge.
    private static GridLoad Square(int id, int? worker, long households) =>
        new(id, $"1101050010010{id:00}", worker, households, households * 2, households / 10,
            Wkt.Read($"POLYGON(({id} 0, {id + 1} 0, {id + 1} 1, {id} 1, {id} 0))"));

    [Fact]
    public void Run_MovesBoundaryGridToNeighbour_WhenWorkerOverLimit()
    {
        // Worker 1: grids 0,1,2 (200+200+200 = 600 > 500); worker 2: grid 3 (100), next to grid 2.
        var report = new WorkloadBalance(500).Run([Square(0, 1, 200), Square(1, 1, 200), Square(2, 1, 200), Square(3, 2, 100)]);
        var w1 = report.Workers.Single(w => w.WorkerId == 1);
        Assert.True(w1.OverLimit);
        Assert.Equal((600L, 1200L, 60L), (w1.Households, w1.Residents, w1.ForeignResidents));
        Assert.False(report.Workers.Single(w => w.WorkerId == 2).OverLimit);
        var s = Assert.Single(report.Suggestions);
        Assert.Equal((WorkloadSuggestionKind.MoveGrid, 2, 2, 400L, 300L), (s.Kind, s.GridId!.Value, s.ToWorkerId!.Value, s.WorkerHouseholdsAfter, s.ToWorkerHouseholdsAfter!.Value));
    }

    [Fact]
    public void Run_SuggestsSplit_WhenOneGridExceedsLimit()
    {
        var report = new WorkloadBalance(500).Run([Square(0, 1, 1200)]);
        var s = Assert.Single(report.Suggestions);
        Assert.Equal((WorkloadSuggestionKind.SplitGrid, 0, 3, 400L), (s.Kind, s.GridId!.Value, s.Parts, s.WorkerHouseholdsAfter));
    }

    [Fact]
    public void Run_SaysNoRoom_WhenNeighbourWouldGoOverLimit()
    {
        var report = new WorkloadBalance(500).Run([Square(0, 1, 300), Square(1, 1, 300), Square(2, 2, 450)]);
        Assert.Equal(WorkloadSuggestionKind.NoNeighbourWithRoom, Assert.Single(report.Suggestions).Kind);
    }

    [Fact]
    public void Run_SuggestsNothing_AtExactlyTheLimit() =>
        Assert.Empty(new WorkloadBalance(500).Run([Square(0, 1, 250), Square(1, 1, 250), Square(2, 2, 10)]).Suggestions);

    [Fact]
    public void Neighbours_IgnoresCornerContact()
    {
        var diagonal = new GridLoad(9, "110105001001099", 3, 1, 1, 0, Wkt.Read("POLYGON((1 1, 2 1, 2 2, 1 2, 1 1))"));
        var n = WorkloadBalance.Neighbours([Square(0, 1, 1), Square(1, 2, 1), diagonal]);
        Assert.Equal([1], n[0]);
        Assert.Equal([0, 9], n[1]);   // grid 1 shares its top edge with grid 9
        Assert.Equal([1], n[9]);
    }
}
