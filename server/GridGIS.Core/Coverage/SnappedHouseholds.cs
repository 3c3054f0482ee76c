using System.Collections.Concurrent;
using System.Diagnostics;
using GridGIS.Core.Network;

namespace GridGIS.Core.Coverage;

/// <summary>
/// A run's households and residential cell centres snapped once to the walking network (nearest point on the
/// nearest edge, at most the snapper's limit away; farther ones are off network and reach nothing), filed in one
/// index so that each facility's search finds both at once (<see cref="NetworkReach.MarkServed"/>). Kept between
/// runs of the same data and network. Thread-safe: each category rents its own search engine.
/// </summary>
public sealed class SnappedHouseholds
{
    private readonly ConcurrentBag<NetworkReach> _engines = [];

    private SnappedHouseholds(NetworkSnapper snapper, EdgePointIndex points, int households, int householdsOffNetwork)
    {
        Snapper = snapper; Points = points; Households = households; HouseholdsOffNetwork = householdsOffNetwork;
    }

    public WalkNetwork Network => Snapper.Network;
    public NetworkSnapper Snapper { get; }

    /// <summary>
    /// The households, snapped, in the order of <see cref="CoverageHouseholds.Households"/>, then the centres of
    /// <see cref="CoverageHouseholds.ResidentialCells"/>, snapped, in their order.
    /// </summary>
    public EdgePointIndex Points { get; }

    /// <summary>How many of <see cref="Points"/> are households (the rest are cell centres).</summary>
    public int Households { get; }

    public int HouseholdsOffNetwork { get; }

    /// <summary>
    /// Snaps the households and the residential cell centres of <paramref name="households"/> with
    /// <paramref name="snapper"/> (which knows its network); each step is recorded as a load phase
    /// (<see cref="CoverageMetrics"/>: snap_households, snap_cells, index).
    /// </summary>
    public static SnappedHouseholds Snap(NetworkSnapper snapper, CoverageHouseholds households)
    {
        ArgumentNullException.ThrowIfNull(snapper);
        ArgumentNullException.ThrowIfNull(households);
        var lap = Stopwatch.GetTimestamp();
        var hh = households.Households;
        var snapped = snapper.SnapAll(hh.Select(h => h.X).ToArray(), hh.Select(h => h.Y).ToArray());
        lap = CoverageMetrics.LoadLap("snap_households", lap);
        var (lattice, cells) = (households.Lattice, households.ResidentialCells);
        var centres = snapper.SnapAll(cells.Select(c => lattice.CentreX(c % lattice.Columns)).ToArray(),
            cells.Select(c => lattice.CentreY(c / lattice.Columns)).ToArray());
        lap = CoverageMetrics.LoadLap("snap_cells", lap);
        var points = new EdgePointIndex(snapper.Network, [.. snapped, .. centres]);
        CoverageMetrics.LoadLap("index", lap);
        return new SnappedHouseholds(snapper, points, snapped.Length, snapped.Count(p => p.IsOffNetwork));
    }

    /// <summary>A search engine for one category at a time (its arrays are reused by the next on any thread); give it back with <see cref="Return"/>.</summary>
    public NetworkReach Rent() => _engines.TryTake(out var e) ? e : new NetworkReach(Points, Households);

    public void Return(NetworkReach engine) => _engines.Add(engine);
}
