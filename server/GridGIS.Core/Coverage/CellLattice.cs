using NetTopologySuite.Geometries;

namespace GridGIS.Core.Coverage;

/// <summary>
/// A square lattice of cells over an area, in local metres: cell (column, row) spans
/// [MinX + column·size, MinX + (column+1)·size) × [MinY + row·size, MinY + (row+1)·size); cells are
/// numbered row by row from the south-west, index = row·Columns + column. The gap analysis samples
/// the residential and the served area at cell centres, so its boundaries are accurate to one cell.
/// </summary>
/// <param name="MinX">west edge, metres</param>
/// <param name="MinY">south edge, metres</param>
/// <param name="CellMetres">cell side, 1..1000 m</param>
/// <param name="Columns">cells west to east, &gt;= 1</param>
/// <param name="Rows">cells south to north, &gt;= 1</param>
public sealed record CellLattice(double MinX, double MinY, double CellMetres, int Columns, int Rows)
{
    /// <summary>At most this many cells (64 M: 64 MB per mask), so that a wrong CRS fails instead of exhausting memory.</summary>
    public const long MaxCells = 1L << 26;

    /// <summary>
    /// The lattice of <paramref name="cellMetres"/> cells that covers <paramref name="envelope"/>, edges included, anchored at
    /// its south-west corner: cells are half-open, so an envelope a whole number of cells wide gets one more column (and
    /// likewise rows), else a point on its east or north edge would be outside every cell.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">cell outside 1..1000 m, or more than <see cref="MaxCells"/> cells</exception>
    public static CellLattice Covering(Envelope envelope, double cellMetres)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        if (!(cellMetres >= 1 && cellMetres <= 1000)) throw new ArgumentOutOfRangeException(nameof(cellMetres), cellMetres, "cell must be 1..1000 m");
        if (envelope.IsNull) return new CellLattice(0, 0, cellMetres, 1, 1);
        var columns = (long)Math.Floor(envelope.Width / cellMetres) + 1;
        var rows = (long)Math.Floor(envelope.Height / cellMetres) + 1;
        if (columns * rows > MaxCells)
            throw new ArgumentOutOfRangeException(nameof(envelope), $"{columns} x {rows} cells of {cellMetres} m: more than {MaxCells} (is the area in metres?)");
        return new CellLattice(envelope.MinX, envelope.MinY, cellMetres, (int)columns, (int)rows);
    }

    /// <summary>Number of cells.</summary>
    public int Count => Columns * Rows;

    /// <summary>The x of the centre of a column, metres.</summary>
    public double CentreX(int column) => MinX + (column + 0.5) * CellMetres;

    /// <summary>The y of the centre of a row, metres.</summary>
    public double CentreY(int row) => MinY + (row + 0.5) * CellMetres;

    /// <summary>The x of the west edge of a column (Columns gives the east edge of the lattice).</summary>
    public double EdgeX(int column) => MinX + column * CellMetres;

    /// <summary>The y of the south edge of a row (Rows gives the north edge of the lattice).</summary>
    public double EdgeY(int row) => MinY + row * CellMetres;

    /// <summary>The cell of each household (<see cref="CellOf"/>; -1 outside the lattice), same order.</summary>
    public int[] CellsOf(ReadOnlySpan<CoverageHousehold> households)
    {
        var cells = new int[households.Length];
        for (var i = 0; i < cells.Length; i++) cells[i] = CellOf(households[i].X, households[i].Y);
        return cells;
    }

    /// <summary>The index of the cell holding (x, y), or -1 outside the lattice.</summary>
    public int CellOf(double x, double y)
    {
        var c = Math.Floor((x - MinX) / CellMetres);
        var r = Math.Floor((y - MinY) / CellMetres);
        if (!(c >= 0 && c < Columns && r >= 0 && r < Rows)) return -1;
        return (int)r * Columns + (int)c;
    }
}
