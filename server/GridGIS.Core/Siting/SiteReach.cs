using System.Collections.Concurrent;
using GridGIS.Core.Coverage;
using GridGIS.Core.Network;

namespace GridGIS.Core.Siting;

/// <summary>What one facility at one place reaches: its households within the threshold with their seconds, and the residential lattice cells it serves.</summary>
/// <param name="Reach">the households (indices into <see cref="CoverageHouseholds.Households"/>) and their walking seconds (0..threshold)</param>
/// <param name="Cells">the residential cells of <see cref="CoverageHouseholds.Lattice"/> whose centre it serves</param>
public sealed record SiteReachResult(FacilityReach Reach, int[] Cells);

/// <summary>
/// The reach of one facility of a category at a point, computed alone: in network mode one bounded search from the
/// point snapped to the walking network (<see cref="BoundedSearch"/>, the same search, limit and metres-to-seconds
/// rule as <see cref="NetworkReach"/>, so a facility added here reaches exactly the households a coverage run with that
/// facility would); in euclidean mode the straight-line disc of <see cref="StraightLineReach"/>. What a scenario's edit
/// and a siting candidate cost. Local metres. Thread-safe: each call rents its own search.
/// </summary>
public sealed class SiteReach
{
    private readonly CoverageHouseholds _households;
    private readonly SnappedHouseholds? _network;
    private readonly ConcurrentBag<(BoundedSearch Search, List<PointReach> Found)> _searches = [];
    private readonly double _limitMetres;

    private SiteReach(CoverageHouseholds households, SnappedHouseholds? network, string category, double thresholdSeconds, WalkSpeed speed,
        ReachMode mode, double detourFactor)
    {
        ArgumentNullException.ThrowIfNull(households);
        if (!(thresholdSeconds > 0) || double.IsInfinity(thresholdSeconds))
            throw new ArgumentOutOfRangeException(nameof(thresholdSeconds), thresholdSeconds, "threshold must be a finite number of seconds > 0");
        if (!(detourFactor >= 1)) throw new ArgumentOutOfRangeException(nameof(detourFactor), detourFactor, "detour factor must be >= 1");
        _households = households; _network = network;
        Category = category; ThresholdSeconds = thresholdSeconds; Speed = speed; Mode = mode; DetourFactor = detourFactor;
        _limitMetres = speed.Metres(thresholdSeconds);
    }

    /// <summary>On the walking network that <paramref name="network"/>'s households are snapped to.</summary>
    /// <exception cref="InvalidOperationException">the network has no edge</exception>
    public static SiteReach OnNetwork(CoverageHouseholds households, SnappedHouseholds network, string category, double thresholdSeconds, WalkSpeed speed)
    {
        ArgumentNullException.ThrowIfNull(network);
        if (network.Network.EdgeCount == 0) throw new InvalidOperationException("network mode: the walking network has no edge");
        return new SiteReach(households, network, category, thresholdSeconds, speed, ReachMode.Network, StraightLineReach.DefaultDetourFactor);
    }

    /// <summary>By straight lines times <paramref name="detourFactor"/> (&gt;= 1).</summary>
    public static SiteReach Straight(CoverageHouseholds households, string category, double thresholdSeconds, WalkSpeed speed,
        double detourFactor = StraightLineReach.DefaultDetourFactor) =>
        new(households, null, category, thresholdSeconds, speed, ReachMode.Euclidean, detourFactor);

    public string Category { get; }

    /// <summary>The category's threshold, seconds (&gt; 0).</summary>
    public double ThresholdSeconds { get; }

    public WalkSpeed Speed { get; }
    public ReachMode Mode { get; }
    public double DetourFactor { get; }
    public CoverageHouseholds Households => _households;

    /// <summary>The walking network (network mode), else null.</summary>
    public WalkNetwork? Network => _network?.Network;

    /// <summary>A point in local metres as the network engine sees it (snapped; off network beyond the snap limit); euclidean mode: the point itself.</summary>
    public SnappedPoint Snap(double x, double y) => _network is { } n ? n.Snapper.Snap(x, y) : SnappedPoint.OffNetwork(x, y, 0);

    /// <summary>The reach of <paramref name="facility"/> at its point (snapped here in network mode).</summary>
    public SiteReachResult Reach(CoverageFacility facility) =>
        _network is null ? Straight(facility) : Reach(facility, Snap(facility.X, facility.Y));

    /// <summary>The reach of <paramref name="facility"/> from <paramref name="at"/> (network mode: already snapped; off network reaches nothing).</summary>
    public SiteReachResult Reach(CoverageFacility facility, in SnappedPoint at)
    {
        if (_network is not { } net) return Straight(facility);
        if (at.IsOffNetwork) return new SiteReachResult(FacilityReach.None(facility.Id, facility.Capacity), []);
        if (!_searches.TryTake(out var rented)) rented = (new BoundedSearch(net.Network), new List<PointReach>());
        try
        {
            var (search, found) = rented;
            found.Clear();
            search.Run(at, _limitMetres);
            search.CollectPoints(net.Points, found);
            var households = net.Households;
            var cellsOfPoints = _households.ResidentialCells;
            var ids = new List<int>(found.Count);
            var seconds = new List<double>(found.Count);
            var cells = new List<int>();
            foreach (var p in found)
            {
                if (p.Point >= households) { cells.Add(cellsOfPoints[p.Point - households]); continue; }
                if (!(p.Metres <= _limitMetres)) continue;
                ids.Add(p.Point);
                // NetworkReach's rule: within the limit counts as within the threshold exactly (no rounding across m/s)
                seconds.Add(Math.Min(ThresholdSeconds, Speed.Seconds(p.Metres)));
            }
            return new SiteReachResult(new FacilityReach(facility.Id, facility.Capacity, ids.ToArray(), seconds.ToArray()), cells.ToArray());
        }
        finally { _searches.Add(rented); }
    }

    private SiteReachResult Straight(CoverageFacility facility)
    {
        var euclid = new StraightLineReach { DetourFactor = DetourFactor };
        var reach = euclid.Reach(Category, _households.Households, [facility], ThresholdSeconds, Speed.MetresPerSecond, _households.Buckets);
        var cells = new List<int>();
        CellMask.CellsWithin(_households.Lattice, facility.X, facility.Y, euclid.Radius(ThresholdSeconds, Speed.MetresPerSecond), cells);
        var residential = _households.Residential;
        return new SiteReachResult(reach.Facilities[0], cells.Where(c => residential[c]).ToArray());
    }
}
