using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using GridGIS.Core.Network;
using GridGIS.Server.Features.Network;
using GridGIS.Server.Features.ServiceAreas;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO.Converters;
using NetTopologySuite.Precision;

namespace GridGIS.Server.Features.Ogc;

/// <summary>
/// The OGC collection and tile layer <c>service-areas</c>: each category's 5, 10 and 15-minute walking service area
/// (all its facilities dissolved, at the category's walking speed, buffered <see cref="ServiceArea.DefaultBufferMetres"/>),
/// one feature per category and minutes, id <c>category.minutes</c>; filters <c>category</c> and <c>minutes</c>. Traced
/// along the stored network by <see cref="CategoryAreas"/> (the same cache as <c>/api/service-areas</c>); straight-line
/// circles (<c>mode</c> euclidean) where no network is loaded. A category without facilities has no feature. Bounded:
/// one tracing at a time per process, and the caller's cancellation stops it.
/// </summary>
internal static class ServiceAreaCollection
{
    public static readonly int[] Minutes = [5, 10, 15];
    private static readonly SemaphoreSlim Tracing = new(1, 1);
    private static readonly GeometryPrecisionReducer SevenDecimals = new(new PrecisionModel(1e7)) { Pointwise = true };
    private static readonly JsonSerializerOptions GeoJson = new()
    {
        Converters = { new GeoJsonConverterFactory(false, GeoJsonConverterFactory.DefaultIdPropertyName, RingOrientationOption.EnforceRfc9746) },
    };

    public static readonly OgcPager Page = async (q, ct) =>
    {
        var category = q.Filter("category");
        int? minutes = null;
        if (q.Filter("minutes") is { } m)
        {
            if (!int.TryParse(m, NumberStyles.None, CultureInfo.InvariantCulture, out var whole) || !Minutes.Contains(whole)) return OgcRequest.EmptyPage();
            minutes = whole;
        }
        if (q.FeatureId is { } fid)
        {
            var dot = fid.LastIndexOf('.');
            if (dot <= 0 || !int.TryParse(fid[(dot + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var idMinutes)
                || category is not null && category != fid[..dot] || minutes is not null && minutes != idMinutes) return OgcRequest.EmptyPage();
            (category, minutes) = (fid[..dot], idMinutes);
        }
        var services = q.Http.RequestServices;
        var store = services.GetRequiredService<WalkNetworkStore>();
        var areas = services.GetRequiredService<CategoryAreaCache>();
        var categories = await ReachQueries.CategoriesAsync(q.Db, category, ct);
        var envelope = q.Box is { } b ? new Envelope(b.MinLon, b.MaxLon, b.MinLat, b.MaxLat) : null;
        var clip = q.ClipToBox && envelope is not null ? new GeometryFactory().ToGeometry(envelope) : null;
        var all = new List<JsonObject>();
        await Tracing.WaitAsync(ct);
        try
        {
            foreach (var cat in categories.OrderBy(c => c.Code, StringComparer.Ordinal))
            {
                var facilities = await ReachQueries.FacilitiesAsync(q.Db, null, cat.Code, ct);
                if (facilities.Count == 0) continue;
                var limits = Minutes.Select(x => WalkThreshold.FromMinutes(x, cat.Speed)).ToArray();
                var mode = "network";
                Geometry[] bands;
                if (await CategoryAreas.NetworkBandsAsync(store, areas, cat.Code, facilities, limits, ServiceArea.DefaultBufferMetres, ct) is { } traced)
                    bands = traced.Bands;
                else
                {
                    mode = "euclidean";
                    bands = ServiceAreaApi.Circles(facilities.Select(f => store.Projection.Forward(f.Lon, f.Lat)).ToArray(), limits, store.Projection, ct);
                }
                for (var i = 0; i < Minutes.Length; i++)
                {
                    if (minutes is not null && minutes != Minutes[i] || bands[i].IsEmpty) continue;
                    if (envelope is not null && !envelope.Intersects(bands[i].EnvelopeInternal)) continue;
                    // a tile needs only its part of a city-wide area (a tracing's polygon has tens of thousands of vertices)
                    var shape = clip is null ? bands[i] : bands[i].Intersection(clip);
                    if (shape.IsEmpty) continue;
                    all.Add(new JsonObject
                    {
                        ["type"] = "Feature", ["id"] = $"{cat.Code}.{Minutes[i]}",
                        ["geometry"] = JsonSerializer.SerializeToNode(SevenDecimals.Reduce(shape), GeoJson),
                        ["properties"] = new JsonObject
                        {
                            ["category"] = cat.Code, ["categoryZh"] = cat.NameZh, ["categoryEn"] = cat.NameEn, ["minutes"] = Minutes[i],
                            ["metres"] = Math.Round(limits[i].Metres, 3), ["speedKmh"] = cat.SpeedKmh, ["facilities"] = facilities.Count, ["mode"] = mode,
                        },
                    });
                }
            }
        }
        finally { Tracing.Release(); }
        return OgcRequest.Page(all.Count, all.Skip(q.Offset).Take(q.Limit).ToList());
    };
}
