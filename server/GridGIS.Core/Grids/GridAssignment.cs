using NetTopologySuite.Geometries;
using NetTopologySuite.Index.Strtree;

namespace GridGIS.Core.Grids;

/// <summary>A grid (网格) as the assignment sees it: id, 15-digit code, polygon in EPSG:4326.</summary>
public sealed record GridShape(int Id, string Code, Geometry Geometry);

/// <summary>A household (户) location: id and point in EPSG:4326.</summary>
public sealed record HouseholdPoint(long Id, Point Location);

/// <summary>
/// The result of assigning households to grids: the grid of each assigned household and the
/// households that lie in no grid (reported, never dropped).
/// </summary>
public sealed record GridAssignmentResult(IReadOnlyDictionary<long, int> GridOf, IReadOnlyList<long> Unassigned);

/// <summary>
/// Household-to-grid assignment: each household goes to the grid that contains it, the boundary
/// included (a point on a grid's edge or corner lies in that grid). A point on a boundary shared by
/// several grids goes to exactly one of them: the grid with the <b>lowest code</b> (ordinal string
/// order; codes are 15 digits, so this is also numeric order). Households in no grid are listed in
/// <see cref="GridAssignmentResult.Unassigned"/>. The database does the same in one statement
/// (Features/Grids/AssignHouseholds.sql); this class is the rule's specification.
/// </summary>
public sealed class GridAssignment
{
    private readonly STRtree<GridShape> _index = new();

    /// <param name="grids">the grids; polygons in EPSG:4326; codes must be distinct</param>
    public GridAssignment(IEnumerable<GridShape> grids)
    {
        ArgumentNullException.ThrowIfNull(grids);
        var codes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var g in grids)
        {
            if (!codes.Add(g.Code)) throw new ArgumentException($"grid code {g.Code} appears twice", nameof(grids));
            if (g.Geometry.IsEmpty) continue;
            _index.Insert(g.Geometry.EnvelopeInternal, g);
        }
        _index.Build();
    }

    /// <summary>One-call entry: assigns every household to a grid by the lowest-code rule.</summary>
    public static GridAssignmentResult Assign(IEnumerable<GridShape> grids, IEnumerable<HouseholdPoint> households) =>
        new GridAssignment(grids).Assign(households);

    /// <summary>The grid of <paramref name="location"/> by the lowest-code rule, or null when it is in no grid.</summary>
    public GridShape? GridOf(Point location)
    {
        ArgumentNullException.ThrowIfNull(location);
        if (location.IsEmpty) return null;
        GridShape? best = null;
        foreach (var g in _index.Query(location.EnvelopeInternal))
            if ((best is null || string.CompareOrdinal(g.Code, best.Code) < 0) && g.Geometry.Intersects(location))
                best = g;
        return best;
    }

    public GridAssignmentResult Assign(IEnumerable<HouseholdPoint> households)
    {
        ArgumentNullException.ThrowIfNull(households);
        var gridOf = new Dictionary<long, int>();
        var unassigned = new List<long>();
        foreach (var h in households)
        {
            if (GridOf(h.Location) is { } g) gridOf[h.Id] = g.Id;
            else unassigned.Add(h.Id);
        }
        return new GridAssignmentResult(gridOf, unassigned);
    }
}
