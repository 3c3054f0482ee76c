using System.Globalization;
using System.Text.Json.Nodes;
using GridGIS.Server.Features.Layers;
using Npgsql;

namespace GridGIS.Server.Features.Ogc;

/// <summary>
/// One items (or one item) request to a collection, parsed at the edge: the feature id when one feature is asked,
/// the bbox, limit and offset, the collection's own filters (name to trimmed value, absent when not given) and the
/// <c>datetime</c> interval. <see cref="Administrator"/> decides the privacy rule of collections with figures.
/// </summary>
internal sealed record OgcRequest(HttpContext Http, NpgsqlDataSource Db, string? FeatureId, BoundingBox? Box, int Limit, int Offset,
    IReadOnlyDictionary<string, string> Filters, TimeInterval? Time)
{
    public bool Administrator => Http.User.IsInRole(Security.Roles.Administrator);

    /// <summary>For tiles: computed geometries may be cut to <see cref="Box"/> (an items page returns whole features).</summary>
    public bool ClipToBox { get; init; }

    public string? Filter(string name) => Filters.TryGetValue(name, out var v) ? v : null;

    /// <summary>The empty page (a FeatureCollection with no features).</summary>
    public static JsonObject EmptyPage() => Page(0, []);

    /// <summary>A FeatureCollection page: <paramref name="matched"/> in all, <paramref name="features"/> on this page.</summary>
    public static JsonObject Page(long matched, IReadOnlyList<JsonObject> features) => new()
    {
        ["type"] = "FeatureCollection", ["numberMatched"] = matched, ["numberReturned"] = (long)features.Count,
        ["features"] = new JsonArray(features.Select(f => (JsonNode)f).ToArray()),
    };
}

/// <summary>Makes a page of a collection's features (GeoJSON FeatureCollection with numberMatched and numberReturned).</summary>
internal delegate Task<JsonObject> OgcPager(OgcRequest request, CancellationToken ct);

/// <summary>
/// The <c>datetime</c> parameter of OGC API - Features: an RFC 3339 instant (<c>2026-12-07T21:00:00Z</c>) or an
/// interval of two, either end open (<c>..</c> or empty). Bounds inclusive; an instant is the interval of one instant.
/// </summary>
internal sealed record TimeInterval(DateTimeOffset? Start, DateTimeOffset? End)
{
    /// <summary>Whether <paramref name="t"/> lies in the interval (inclusive).</summary>
    public bool Contains(DateTimeOffset t) => (Start is null || t >= Start) && (End is null || t <= End);

    public static bool TryParse(string text, out TimeInterval? interval, out string? error)
    {
        interval = null; error = null;
        var parts = text.Split('/');
        if (parts.Length > 2) { error = "datetime is an RFC 3339 instant or an interval start/end (either end '..' when open)"; return false; }
        DateTimeOffset? start = null, end = null;
        for (var i = 0; i < parts.Length; i++)
        {
            var p = parts[i].Trim();
            if (parts.Length == 2 && p is "" or "..") continue;
            if (!DateTimeOffset.TryParse(p, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t)
                || !p.Contains('T', StringComparison.OrdinalIgnoreCase))
            {
                error = $"'{(p.Length > 40 ? p[..40] + "..." : p)}' is not an RFC 3339 date-time (e.g. 2026-12-07T21:00:00Z) nor '..'";
                return false;
            }
            if (i == 0) start = t; else end = t;
        }
        if (parts.Length == 1) end = start;
        if (parts.Length == 2 && start is null && end is null) { error = "datetime '../..' leaves both ends open: give at least one"; return false; }
        if (start > end) { error = "datetime's start is after its end"; return false; }
        interval = new TimeInterval(start, end);
        return true;
    }
}
