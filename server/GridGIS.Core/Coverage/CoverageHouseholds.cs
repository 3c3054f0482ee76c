using NetTopologySuite.Geometries;

namespace GridGIS.Core.Coverage;

/// <summary>
/// The households of a coverage run prepared once for every category (<see cref="CategoryRun"/>): in
/// <see cref="SpatialOrder"/>, filed by unit combination (<see cref="Units"/>), on the gap lattice
/// (<see cref="GapCellMetres"/> cells) with its residential cells and each household's cell. Local metres.
/// Immutable once prepared; thread-safe.
/// </summary>
public sealed class CoverageHouseholds
{
    /// <summary>Gap lattice spacing, metres: the width of a service area's edge buffer, and the gaps' boundary accuracy.</summary>
    public const double GapCellMetres = 50;

    private HouseholdBuckets? _buckets;

    private CoverageHouseholds(CoverageHousehold[] households, CellLattice lattice, bool[] residential, int[] residentialCells,
        HouseholdUnits units, int[] householdCells)
    {
        Households = households; Lattice = lattice; Residential = residential; ResidentialCells = residentialCells;
        Units = units; HouseholdCells = householdCells;
    }

    /// <summary>The households, in <see cref="SpatialOrder"/>: household i of every result is this array's i.</summary>
    public CoverageHousehold[] Households { get; }

    /// <summary>The gap lattice: covering the residential grids and every household.</summary>
    public CellLattice Lattice { get; }

    /// <summary>Per lattice cell: residential (its centre lies in a grid holding households, or it holds a household).</summary>
    public bool[] Residential { get; }

    /// <summary>The residential cells' indices, ascending.</summary>
    public int[] ResidentialCells { get; }

    /// <summary>The households filed by unit combination, for <see cref="CoverageAnalysis"/>.</summary>
    public HouseholdUnits Units { get; }

    /// <summary>Each household's lattice cell (<see cref="CellLattice.CellsOf"/>).</summary>
    public int[] HouseholdCells { get; }

    /// <summary>The households bucketed for the straight-line reach (euclidean runs), built by the first category
    /// that needs them (two categories starting together may both build them; either result is the same).</summary>
    public HouseholdBuckets Buckets => LazyInitializer.EnsureInitialized(ref _buckets, () => StraightLineReach.Bucket(Households));

    /// <summary>
    /// Prepares <paramref name="households"/> (sorted here, in place, into <see cref="SpatialOrder"/>) with the
    /// grids that hold households (<paramref name="residentialGrids"/>, polygons in the same metres).
    /// </summary>
    /// <exception cref="ArgumentException">negative or inconsistent residents, negative unit ids (<see cref="HouseholdUnits.Of"/>)</exception>
    public static CoverageHouseholds Prepare(CoverageHousehold[] households, IReadOnlyList<Geometry> residentialGrids)
    {
        ArgumentNullException.ThrowIfNull(households);
        ArgumentNullException.ThrowIfNull(residentialGrids);
        SpatialOrder.Sort(households);
        var (lattice, residential, cells) = ResidentialCellsOf(residentialGrids, households);
        HouseholdUnits? units = null;
        int[]? householdCells = null;
        Parallel.Invoke(() => units = HouseholdUnits.Of(households), () => householdCells = lattice.CellsOf(households));
        return new CoverageHouseholds(households, lattice, residential, cells, units!, householdCells!);
    }

    /// <summary>
    /// The residential cells: those whose centre lies in a grid holding households, and those holding a
    /// household (so that every household lies in a residential cell, whatever the grid boundaries).
    /// </summary>
    public static (CellLattice Lattice, bool[] Residential, int[] Cells) ResidentialCellsOf(IReadOnlyList<Geometry> grids,
        ReadOnlySpan<CoverageHousehold> households)
    {
        ArgumentNullException.ThrowIfNull(grids);
        var env = new Envelope();
        foreach (var g in grids) env.ExpandToInclude(g.EnvelopeInternal);
        foreach (var h in households) env.ExpandToInclude(h.X, h.Y);
        var lattice = CellLattice.Covering(env, GapCellMetres);
        var residential = CellMask.Rasterize(lattice, grids);
        foreach (var h in households)
            if (lattice.CellOf(h.X, h.Y) is var c and >= 0) residential[c] = true;
        var cells = new List<int>();
        for (var c = 0; c < residential.Length; c++) if (residential[c]) cells.Add(c);
        return (lattice, residential, cells.ToArray());
    }
}
