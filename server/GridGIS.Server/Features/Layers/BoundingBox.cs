using System.Globalization;

namespace GridGIS.Server.Features.Layers;

/// <summary>A WGS84 bbox from the query string: <c>minLon,minLat,maxLon,maxLat</c> in degrees.</summary>
internal sealed record BoundingBox(double MinLon, double MinLat, double MaxLon, double MaxLat)
{
    public static bool TryParse(string? text, out BoundingBox? box, out string? error)
    {
        box = null; error = null;
        if (string.IsNullOrWhiteSpace(text)) return true;
        var parts = text.Split(',');
        var values = new double[4];
        if (parts.Length != 4 || !parts.Select((p, i) => double.TryParse(p, NumberStyles.Float, CultureInfo.InvariantCulture, out values[i])).All(ok => ok)
            || values.Any(v => !double.IsFinite(v)))
        {
            error = "bbox must be four finite numbers: minLon,minLat,maxLon,maxLat (WGS84 degrees)";
            return false;
        }
        if (values[0] < -180 || values[2] > 180 || values[1] < -90 || values[3] > 90)
        {
            error = "bbox is out of range: longitudes -180..180, latitudes -90..90 (is it lat,lon instead of lon,lat?)";
            return false;
        }
        if (values[0] > values[2] || values[1] > values[3])
        {
            error = "bbox minimum is greater than its maximum (order: minLon,minLat,maxLon,maxLat)";
            return false;
        }
        box = new BoundingBox(values[0], values[1], values[2], values[3]);
        return true;
    }
}
