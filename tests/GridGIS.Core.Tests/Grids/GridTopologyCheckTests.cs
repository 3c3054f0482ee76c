using GridGIS.Core.Grids;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;

namespace GridGIS.Core.Tests.Grids;

public sealed class GridTopologyCheckTests
{
    private static readonly WKTReader Wkt = new();

    // Around Beijing, a 0.01 x 0.01 degree community (about 850 m x 1110 m).
    private const string Community = "POLYGON((116.40 39.90, 116.41 39.90, 116.41 39.91, 116.40 39.91, 116.40 39.90))";

    private static void CheckProblems(string community, string[] grids, params (TopologyProblemKind Kind, int[] Grids, string Wkt)[] expected)
    {
        var shapes = grids.Select((w, i) => new GridShape(i + 1, $"11010500100100{i + 1}", Wkt.Read(w))).ToList();
        var problems = GridTopologyCheck.Check(Wkt.Read(community), shapes);
        Assert.Equal(expected.Length, problems.Count);
        foreach (var (kind, ids, wkt) in expected)
        {
            var match = problems.SingleOrDefault(p => p.Kind == kind && p.GridIds.SequenceEqual(ids));
            Assert.NotNull(match);
            var want = Wkt.Read(wkt);
            // Same area, up to floating-point noise of the overlay.
            Assert.True(match.Geometry.SymmetricDifference(want).Area < 1e-12, $"{kind}: got {match.Geometry}, want {want}");
            Assert.True(match.AreaM2 > 0);
        }
    }

    [Fact]
    public void Check_FindsNothing_WhenGridsTileTheCommunity() =>
        CheckProblems(Community,
        [
            "POLYGON((116.40 39.90, 116.405 39.90, 116.405 39.91, 116.40 39.91, 116.40 39.90))",
            "POLYGON((116.405 39.90, 116.41 39.90, 116.41 39.91, 116.405 39.91, 116.405 39.90))",
        ]);

    [Fact]
    public void Check_FindsOverlap_WhenGridsShareGround() =>
        CheckProblems(Community,
        [
            "POLYGON((116.40 39.90, 116.406 39.90, 116.406 39.91, 116.40 39.91, 116.40 39.90))",
            "POLYGON((116.405 39.90, 116.41 39.90, 116.41 39.91, 116.405 39.91, 116.405 39.90))",
        ],
        (TopologyProblemKind.Overlap, [1, 2], "POLYGON((116.405 39.90, 116.406 39.90, 116.406 39.91, 116.405 39.91, 116.405 39.90))"));

    [Fact]
    public void Check_FindsGap_WhenStripIsUncovered() =>
        CheckProblems(Community,
        [
            "POLYGON((116.40 39.90, 116.404 39.90, 116.404 39.91, 116.40 39.91, 116.40 39.90))",
            "POLYGON((116.405 39.90, 116.41 39.90, 116.41 39.91, 116.405 39.91, 116.405 39.90))",
        ],
        (TopologyProblemKind.Gap, [], "POLYGON((116.404 39.90, 116.405 39.90, 116.405 39.91, 116.404 39.91, 116.404 39.90))"));

    [Fact]
    public void Check_FindsGridOutsideCommunity_WhenItSticksOut() =>
        CheckProblems(Community,
        [
            "POLYGON((116.40 39.90, 116.41 39.90, 116.41 39.91, 116.40 39.91, 116.40 39.90))",
            "POLYGON((116.41 39.90, 116.42 39.90, 116.42 39.901, 116.41 39.901, 116.41 39.90))",
        ],
        (TopologyProblemKind.OutsideCommunity, [2], "POLYGON((116.41 39.90, 116.42 39.90, 116.42 39.901, 116.41 39.901, 116.41 39.90))"));

    [Fact]
    public void Check_ReportsWholeCommunityAsGap_WhenThereAreNoGrids() =>
        CheckProblems(Community, [], (TopologyProblemKind.Gap, [], Community));

    [Fact]
    public void Check_IgnoresSlivers_BelowMinimumArea()
    {
        // A 1e-7 degree strip (about 1 cm wide, 1.1 km long: about 10 m²) is below a 20 m² minimum, above 1 m².
        var grids = new[]
        {
            new GridShape(1, "110105001001001", Wkt.Read("POLYGON((116.40 39.90, 116.4050001 39.90, 116.4050001 39.91, 116.40 39.91, 116.40 39.90))")),
            new GridShape(2, "110105001001002", Wkt.Read("POLYGON((116.405 39.90, 116.41 39.90, 116.41 39.91, 116.405 39.91, 116.405 39.90))")),
        };
        Assert.Empty(new GridTopologyCheck(minAreaM2: 20).Run(Wkt.Read(Community), grids));
        var overlap = Assert.Single(new GridTopologyCheck(minAreaM2: 1).Run(Wkt.Read(Community), grids));
        Assert.Equal(TopologyProblemKind.Overlap, overlap.Kind);
        Assert.InRange(overlap.AreaM2, 5, 15);
    }

    [Fact]
    public void Ctor_Throws_WhenMinAreaNegative() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new GridTopologyCheck(minAreaM2: -1));
}
