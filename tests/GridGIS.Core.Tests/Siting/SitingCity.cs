using GridGIS.Core.Coverage;
using GridGIS.Core.Network;
using GridGIS.Core.Siting;
using NetTopologySuite.Geometries;

namespace GridGIS.Core.Tests.Siting;

/// <summary>
/// A small generated city for the siting tests (generated, not real): a 3 km x 2 km lattice of streets every 100 m,
/// 6 x 4 grids of 500 m in 2 streets x 2 communities each, 600 households at seeded random points, and facilities of
/// one category in the west only, so the east is a gap. Threshold 600 m at 4 km/h.
/// </summary>
internal sealed class SitingCity
{
    public static readonly WalkSpeed Speed = new(4);
    public static readonly double Threshold = Speed.Seconds(600);
    private static readonly GeometryFactory F = new();

    public SitingCity(int seed = 7, int householdCount = 600)
    {
        var random = new Random(seed);
        var hh = new CoverageHousehold[householdCount];
        for (var i = 0; i < hh.Length; i++)
        {
            double x = random.NextDouble() * 3000, y = random.NextDouble() * 2000;
            var col = Math.Min(5, (int)(x / 500)); var row = Math.Min(3, (int)(y / 500));
            var street = col < 3 ? 1 : 2;
            var community = street * 10 + (row < 2 ? 1 : 2);
            var residents = 1 + random.Next(4);
            hh[i] = new CoverageHousehold(1000 + i, x, y, residents, random.Next(5) == 0 ? random.Next(residents + 1) : 0, 100 + row * 6 + col, community, street);
        }
        var grids = new List<Geometry>();
        for (var c = 0; c < 6; c++)
            for (var r = 0; r < 4; r++) grids.Add(F.ToGeometry(new Envelope(c * 500, c * 500 + 500, r * 500, r * 500 + 500)));
        Households = CoverageHouseholds.Prepare(hh, grids);
        var lines = new List<LineString>();
        for (var x = 0; x <= 3000; x += 100)
            for (var y = 0; y < 2000; y += 100) lines.Add(F.CreateLineString([new Coordinate(x, y), new Coordinate(x, y + 100)]));
        for (var y = 0; y <= 2000; y += 100)
            for (var x = 0; x < 3000; x += 100) lines.Add(F.CreateLineString([new Coordinate(x, y), new Coordinate(x + 100, y)]));
        Network = SnappedHouseholds.Snap(new NetworkSnapper(WalkNetwork.FromLines(lines)), Households);
        Facilities = [new(1, 250, 300, 120), new(2, 700, 1500, 80), new(3, 1300, 900, null), new(4, 400, 1000, 200)];
    }

    public CoverageHouseholds Households { get; }
    public SnappedHouseholds Network { get; }
    public CoverageFacility[] Facilities { get; }

    public SiteReach Reacher(ReachMode mode) => mode == ReachMode.Network
        ? SiteReach.OnNetwork(Households, Network, "clinic", Threshold, Speed)
        : SiteReach.Straight(Households, "clinic", Threshold, Speed, 1.3);

    public CategoryBase Base(ReachMode mode) => CategoryBase.Build(Reacher(mode), Facilities);

    /// <summary>A fresh full computation of the category with <paramref name="facilities"/>: what a coverage run computes.</summary>
    public CategoryRunResult FullRun(ReachMode mode, IReadOnlyList<CoverageFacility> facilities)
    {
        var snapped = facilities.Select(f => Network.Snapper.Snap(f.X, f.Y)).ToArray();
        return CategoryRun.Compute(Households, mode == ReachMode.Network ? Network : null, facilities, snapped,
            new CategoryRunParameters("clinic", Threshold, Speed, mode, 1.3));
    }
}
