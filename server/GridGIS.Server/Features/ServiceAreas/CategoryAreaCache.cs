using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using NetTopologySuite.Geometries;

namespace GridGIS.Server.Features.ServiceAreas;

/// <summary>
/// The last few dissolved category service areas (WGS84 bands), so that a viewer switching the layer on
/// again, or several users looking at the same category, pay the tracing (seconds on a city network) once.
/// Keyed by everything the result depends on: the network version, the category's facilities (ids and
/// positions, hashed), the band limits, the buffer and the mode; a changed network or facility gives a
/// new key and the old entry ages out. Bounded: at most <see cref="Capacity"/> entries, least recently
/// used dropped first. Singleton; thread-safe.
/// </summary>
internal sealed class CategoryAreaCache
{
    public const int Capacity = 24;
    private readonly LinkedList<(string Key, Geometry[] Bands)> _entries = new();
    private readonly Lock _lock = new();

    /// <summary>The cache key for a category request.</summary>
    public static string Key(string networkVersion, string category, IEnumerable<ReachFacility> facilities, IEnumerable<double> limitsMetres, double bufferMetres, string mode)
    {
        var text = new StringBuilder();
        foreach (var f in facilities) text.Append(CultureInfo.InvariantCulture, $"{f.Id}:{f.Lon:R}:{f.Lat:R};");
        var facilityHash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
        return string.Create(CultureInfo.InvariantCulture,
            $"{networkVersion}|{category}|{facilityHash}|{string.Join(',', limitsMetres.Select(l => l.ToString("R", CultureInfo.InvariantCulture)))}|{bufferMetres:R}|{mode}");
    }

    public bool TryGet(string key, out Geometry[] bands)
    {
        lock (_lock)
        {
            for (var node = _entries.First; node is not null; node = node.Next)
                if (node.Value.Key == key)
                {
                    _entries.Remove(node);
                    _entries.AddFirst(node);
                    bands = node.Value.Bands;
                    return true;
                }
        }
        bands = [];
        return false;
    }

    public void Put(string key, Geometry[] bands)
    {
        lock (_lock)
        {
            for (var node = _entries.First; node is not null; node = node.Next)
                if (node.Value.Key == key) { _entries.Remove(node); break; }
            _entries.AddFirst((key, bands));
            while (_entries.Count > Capacity) _entries.RemoveLast();
        }
    }
}
