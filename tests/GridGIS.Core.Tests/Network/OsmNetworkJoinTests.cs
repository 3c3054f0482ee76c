using GridGIS.Core.Geo;
using GridGIS.Core.Network;

namespace GridGIS.Core.Tests.Network;

public class OsmNetworkJoinTests
{
    private static readonly LocalProjection Beijing = CityProfile.Default.Projection;
    private const double Metre = 1 / 85_000.0;    // ~1 m of longitude at 40N, degrees

    private static OsmJoinPlan CheckPlan(ImportedWalkNode node, StoredWalkNode stored, double tolerance = 1) =>
        OsmNetworkJoin.Plan([node], [stored], tolerance, Beijing, 100);

    [Fact]
    public void Plan_JoinsTheSameOsmNode_WhereverItLies()
    {
        var p = CheckPlan(new ImportedWalkNode(7, 116.5, 40.0, 7, 0, 3), new StoredWalkNode(42, 116.5 + 50 * Metre, 40.0, 7, 0));
        Assert.Equal((42L, 1, 0, 0), (p.DatabaseIds[7], p.JoinedByOsmId, p.JoinedByDistance, p.NewNodes.Count));
    }

    [Fact]
    public void Plan_JoinsADeadEndWithinTheTolerance()
    {
        var p = CheckPlan(new ImportedWalkNode(7, 116.5, 40.0, 7, 0, 1), new StoredWalkNode(42, 116.5 + 0.5 * Metre, 40.0, null, 0));
        Assert.Equal((42L, 1), (p.DatabaseIds[7], p.JoinedByDistance));
    }

    [Theory]
    [InlineData(1.5, 0, 1, "farther than the tolerance")]
    [InlineData(0.5, 0, 2, "a junction, not a dead end")]
    [InlineData(0.5, 1, 1, "a bridge's end above a node on the ground")]
    public void Plan_MakesANewNode_When(double metres, int level, int degree, string why)
    {
        var p = CheckPlan(new ImportedWalkNode(7, 116.5, 40.0, 7, level, degree), new StoredWalkNode(42, 116.5 + metres * Metre, 40.0, null, 0));
        Assert.True(p.DatabaseIds[7] == 100 && p.NewNodes.Count == 1, why);
        Assert.Equal(new StoredWalkNode(100, 116.5, 40.0, 7, level), p.NewNodes[0]);
    }

    [Fact]
    public void Plan_JoinsByOsmIdOnly_WhenToleranceIsZero()
    {
        var p = CheckPlan(new ImportedWalkNode(7, 116.5, 40.0, 7, 0, 1), new StoredWalkNode(42, 116.5, 40.0, null, 0), tolerance: 0);
        Assert.Equal(100, p.DatabaseIds[7]);
    }

    [Fact]
    public void Plan_RefusesAToleranceOutside0To10() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => OsmNetworkJoin.Plan([], [], 11, Beijing, 1));
}
