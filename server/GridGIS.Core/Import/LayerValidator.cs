using System.Text.RegularExpressions;
using GridGIS.Core.Geo;
using NetTopologySuite.Geometries;

namespace GridGIS.Core.Import;

/// <summary>
/// Validates every feature of a file for one layer and turns it into rows in WGS84: geometry type,
/// coordinates (see <see cref="ImportGeometry"/>), required properties, code formats and their
/// prefixes, ranges, lengths and duplicate codes within the file. Every feature is checked, so the
/// error list says everything that is wrong (up to the cap). Checks that need the stored data (parent
/// street or community, category, containment, codes already stored) are the server's. Any error
/// rejects the whole file, so a feature with an error may be missing from the rows.
/// </summary>
public static partial class LayerValidator
{
    public static readonly string[] GridKinds = ["ordinary", "foreign_resident"];

    public static ImportBatch Validate(ImportLayer layer, IReadOnlyList<SourceFeature> features, InputCrs crs, ImportErrorList errors)
    {
        ArgumentNullException.ThrowIfNull(features);
        var streets = new List<StreetRow>();
        var communities = new List<CommunityRow>();
        var grids = new List<GridRow>();
        var facilities = new List<FacilityRow>();
        var edges = new List<WalkEdgeRow>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var f in features)
        {
            if (errors.Full) break;
            var rules = new FieldRules(f, errors);
            var geometry = Geometry(f, layer, crs, errors);
            switch (layer)
            {
                case ImportLayer.Streets:
                {
                    var code = Unique(rules.Code("code", 9, "street code"), f, seen, errors);
                    var zh = rules.Text("name_zh", 100, required: true);
                    var en = rules.Text("name_en", 100, required: false);
                    if (code is not null && zh is not null && geometry is MultiPolygon mp)
                        streets.Add(new StreetRow(f.Index, code, zh, en ?? zh, mp));
                    break;
                }
                case ImportLayer.Communities:
                {
                    var code = Unique(rules.Code("code", 12, "community code"), f, seen, errors);
                    var street = Parent(rules, "street_code", 9, code, "street code");
                    var zh = rules.Text("name_zh", 100, required: true);
                    var en = rules.Text("name_en", 100, required: false);
                    if (code is not null && street is not null && zh is not null && geometry is MultiPolygon mp)
                        communities.Add(new CommunityRow(f.Index, code, street, zh, en, mp));
                    break;
                }
                case ImportLayer.Grids:
                {
                    var code = Unique(rules.Code("code", 15, "grid code"), f, seen, errors);
                    var community = Parent(rules, "community_code", 12, code, "community code");
                    var kind = rules.OneOf("kind", GridKinds, "ordinary");
                    var name = rules.Text("name", 100, required: false);
                    if (code is not null && community is not null && kind is not null && geometry is MultiPolygon mp)
                        grids.Add(new GridRow(f.Index, code, community, kind, name, mp));
                    break;
                }
                case ImportLayer.Facilities:
                {
                    var category = rules.Identifier("category", CategoryPattern(), required: true, null,
                        "is not a category code (lower-case letters, digits and _, e.g. library)");
                    var name = rules.Text("name", 200, required: true);
                    var capacity = rules.Integer("capacity", 0, 1_000_000, out var capacityOk);
                    var languages = rules.Languages("languages", ["zh"]);
                    if (category is not null && name is not null && capacityOk && languages is not null && geometry is Point p)
                        facilities.Add(new FacilityRow(f.Index, category, name, p, capacity, languages));
                    break;
                }
                case ImportLayer.Network:
                {
                    var oneway = rules.Boolean("oneway", false);
                    var kind = rules.Identifier("kind", KindPattern(), required: false, "imported",
                        "must be a lower-case word (letters and _, at most 40), e.g. path");
                    if (oneway is not null && kind is not null && geometry is LineString l)
                        edges.Add(new WalkEdgeRow(f.Index, l, oneway.Value, kind));
                    break;
                }
                default:
                    throw new ArgumentOutOfRangeException(nameof(layer), layer, "unknown layer");
            }
        }
        return new ImportBatch(layer, [.. features.Select(f => f.Line)], streets, communities, grids, facilities, edges);
    }

    /// <summary>The geometry in WGS84, promoted to MultiPolygon for polygon layers; null when wrong.</summary>
    private static Geometry? Geometry(SourceFeature f, ImportLayer layer, InputCrs crs, ImportErrorList errors)
    {
        if (f.Geometry is null) return null;
        var expected = layer switch
        {
            ImportLayer.Facilities => "Point",
            ImportLayer.Network => "LineString",
            _ => "Polygon or MultiPolygon",
        };
        var type = f.Geometry.GeometryType;
        var fits = layer switch
        {
            ImportLayer.Facilities => f.Geometry is Point,
            ImportLayer.Network => f.Geometry is LineString and not LinearRing,
            _ => f.Geometry is Polygon or MultiPolygon,
        };
        if (!fits)
        {
            errors.Add(f.Index, f.Line, "geometry", $"a {layer.ToString().ToLowerInvariant()} feature needs a {expected}, not a {type}");
            return null;
        }
        var g = ImportGeometry.ToWgs84(f.Geometry, crs, out var error);
        if (g is null)
        {
            errors.Add(f.Index, f.Line, "geometry", error!);
            return null;
        }
        // RFC 7946's right-hand rule on the way in: what is stored runs counter-clockwise outside, clockwise in holes.
        g = RingOrder.RightHand(g);
        return g is Polygon p ? SourceFeature.Factory.CreateMultiPolygon([p]) : g;
    }

    /// <summary>The parent's code: the first digits of <paramref name="code"/>, checked against the property when given.</summary>
    private static string? Parent(FieldRules rules, string field, int digits, string? code, string what)
    {
        var given = rules.Text(field, 40, required: false);
        if (code is null) return null;
        var prefix = code[..digits];
        if (given is null || given == prefix) return prefix;
        rules.Mismatch(field, $"{field} {given} does not match the code {code}, whose first {digits} digits are its {what} {prefix}");
        return null;
    }

    private static string? Unique(string? code, SourceFeature f, Dictionary<string, int> seen, ImportErrorList errors)
    {
        if (code is null) return null;
        if (seen.TryAdd(code, f.Index)) return code;
        errors.Add(f.Index, f.Line, "code", $"code {code} appears twice in the file (first at feature {seen[code]})");
        return null;
    }

    [GeneratedRegex("^[a-z][a-z0-9_]{1,40}$")]
    private static partial Regex CategoryPattern();

    [GeneratedRegex("^[a-z_]{1,40}$")]
    private static partial Regex KindPattern();
}
