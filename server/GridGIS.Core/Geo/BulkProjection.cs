namespace GridGIS.Core.Geo;

/// <summary>
/// Projects many lon/lat points (degrees, EPSG:4326) to a <see cref="LocalProjection"/>'s metres in parallel
/// chunks, one projection instance per chunk: ProjNet does not promise that one transform may be shared
/// between threads, so the given projection only names the central meridian.
/// </summary>
public static class BulkProjection
{
    private const int Chunk = 1 << 15;

    /// <summary>x and y in metres, same order and length as <paramref name="lon"/> and <paramref name="lat"/>.</summary>
    public static (double[] X, double[] Y) Forward(LocalProjection projection, IReadOnlyList<double> lon, IReadOnlyList<double> lat)
    {
        ArgumentNullException.ThrowIfNull(projection);
        ArgumentNullException.ThrowIfNull(lon);
        ArgumentNullException.ThrowIfNull(lat);
        if (lon.Count != lat.Count) throw new ArgumentException($"{lon.Count} longitudes but {lat.Count} latitudes", nameof(lat));
        var x = new double[lon.Count];
        var y = new double[lon.Count];
        var meridian = projection.CentralMeridian;
        Parallel.For(0, (lon.Count + Chunk - 1) / Chunk, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, k =>
        {
            var own = new LocalProjection(meridian);
            for (int i = k * Chunk, end = Math.Min(lon.Count, i + Chunk); i < end; i++) (x[i], y[i]) = own.Forward(lon[i], lat[i]);
        });
        return (x, y);
    }
}
