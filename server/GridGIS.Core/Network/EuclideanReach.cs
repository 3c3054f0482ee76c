namespace GridGIS.Core.Network;

/// <summary>Which model produced a reach result: walking along the network, or straight lines with a detour factor.</summary>
public enum ReachMode { Network, Euclidean }

/// <summary>
/// Straight-line reach for places with no walking network: walking metres = straight-line metres x a
/// detour factor (default 1.3, a common ratio of street to crow-fly distance in dense grids). Chosen per
/// run; results carry <see cref="ReachMode.Euclidean"/>. Coordinates in local metres. Immutable; thread-safe.
/// </summary>
public sealed class EuclideanReach
{
    public const double DefaultDetourFactor = 1.3;

    private readonly double[] _fx, _fy;

    /// <param name="facilityX">facility x in metres</param>
    /// <param name="facilityY">facility y in metres</param>
    /// <param name="detourFactor">1 .. 3</param>
    public EuclideanReach(double[] facilityX, double[] facilityY, double detourFactor = DefaultDetourFactor)
    {
        ArgumentNullException.ThrowIfNull(facilityX);
        ArgumentNullException.ThrowIfNull(facilityY);
        if (facilityX.Length != facilityY.Length) throw new ArgumentException("x and y differ in length", nameof(facilityY));
        if (!(detourFactor >= 1 && detourFactor <= 3)) throw new ArgumentOutOfRangeException(nameof(detourFactor), detourFactor, "detour factor must be in [1, 3]");
        _fx = (double[])facilityX.Clone(); _fy = (double[])facilityY.Clone();
        DetourFactor = detourFactor;
    }

    public double DetourFactor { get; }
    public ReachMode Mode => ReachMode.Euclidean;

    /// <summary>Walking metres between two points under this model.</summary>
    public static double Metres(double ax, double ay, double bx, double by, double detourFactor = DefaultDetourFactor) =>
        Math.Sqrt((ax - bx) * (ax - bx) + (ay - by) * (ay - by)) * detourFactor;

    /// <summary>The straight-line radius (metres) that a walking limit allows: limit / detour factor.</summary>
    public double RadiusMetres(double limitMetres) => limitMetres / DetourFactor;

    /// <summary>Walking metres from (x, y) to the nearest facility and its index; (+infinity, -1) with no facilities.</summary>
    public (double Metres, int Facility) Nearest(double x, double y)
    {
        double best = double.PositiveInfinity; var facility = -1;
        for (var f = 0; f < _fx.Length; f++)
        {
            var d2 = (x - _fx[f]) * (x - _fx[f]) + (y - _fy[f]) * (y - _fy[f]);
            if (d2 < best) { best = d2; facility = f; }
        }
        return facility < 0 ? (best, -1) : (Math.Sqrt(best) * DetourFactor, facility);
    }
}
