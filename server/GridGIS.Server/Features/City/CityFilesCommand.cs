using System.Globalization;
using System.Text;
using System.Text.Json;
using GridGIS.Core.Demo;
using GridGIS.Core.Geo;
using GridGIS.Core.Import.Osm;
using GridGIS.Server.Features.Network;
using GridGIS.Server.Features.Osm;
using NetTopologySuite.Geometries;

namespace GridGIS.Server.Features.City;

/// <summary>
/// <c>city-files EXTRACT DIR --district CODE --name NAME [--streets N] [--communities N] [--households N] [--seed N] [--crs gcj02|wgs84|bd09]</c>:
/// writes the files a city would bring, <b>generated</b> (<see cref="GeneratedCity"/>), for an OSM extract whose city has none at
/// hand: <c>streets.geojson</c>, <c>communities.geojson</c>, <c>grids.geojson</c> and <c>households.csv</c>, coordinates in GCJ-02
/// by default, as a Chinese city's offices deliver them, and a <c>README.txt</c> saying what is generated. The area is the
/// extract's <c>&lt;bounds&gt;</c>, else the middle 90 % of its nodes; the metric CRS is the 3-degree zone of its centre.
/// </summary>
internal static class CityFilesCommand
{
    public const string Help = "write generated boundary and household files for an OSM extract: EXTRACT DIR --district CODE --name NAME [--streets N] [--communities N] [--households N] [--seed N] [--crs gcj02|wgs84|bd09]";

    public static async Task<int> RunAsync(string[] args)
    {
        var valued = new[] { "--district", "--name", "--streets", "--communities", "--households", "--seed", "--crs" };
        var positional = args.Where((a, i) => !a.StartsWith("--", StringComparison.Ordinal) && (i == 0 || !valued.Contains(args[i - 1]))).ToArray();
        if (positional.Length != 2) throw new CliException("usage: city-files EXTRACT DIR --district CODE --name NAME [...]");
        var (extractPath, dir) = (positional[0], positional[1]);
        var district = Cli.Option(args, "--district") ?? throw new CliException("--district CODE (6 digits) is required");
        var name = Cli.Option(args, "--name") ?? throw new CliException("--name NAME is required");
        if (!Import.ImportOptions.TryCrs(Cli.Option(args, "--crs") ?? "gcj02", out var crs)) throw new CliException("--crs must be wgs84, gcj02 or bd09");
        var options = new GeneratedCityOptions(district, name, (int)Cli.DoubleOption(args, "--streets", 2), (int)Cli.DoubleOption(args, "--communities", 3),
            (int)Cli.DoubleOption(args, "--households", 4000), Seed: (ulong)Cli.DoubleOption(args, "--seed", 20210612));
        if (!File.Exists(extractPath)) throw new CliException($"no file '{extractPath}'");

        OsmExtract extract;
        await using (var file = File.OpenRead(extractPath))
        {
            try { extract = OsmExtractReader.Read(file); }
            catch (OsmFormatException e) { throw new CliException($"{extractPath}: {e.Message}"); }
        }
        var box = extract.DeclaredBounds ?? extract.CoreBox(0.9) ?? throw new CliException($"{extractPath} has no nodes");
        var epsg = CityProfile.ZoneEpsg(box.Centre.X);
        var projection = new LocalProjection(CityProfile.CentralMeridianOf(epsg));
        var buildings = OsmBasemap.Select(extract.Features()).Where(f => f.Kind == BasemapKind.Building)
            .Select(f => (f.Class, (int?)null, f.Geometry)).ToList();
        GeneratedCityData city;
        try { city = GeneratedCity.Generate(box, buildings, projection, options); }
        catch (ArgumentOutOfRangeException e) { throw new CliException(e.Message.Split(Environment.NewLine)[0]); }

        Directory.CreateDirectory(dir);
        await File.WriteAllTextAsync(Path.Combine(dir, "streets.geojson"), GeoJson(city.Streets, crs, null));
        await File.WriteAllTextAsync(Path.Combine(dir, "communities.geojson"), GeoJson(city.Communities, crs, "street_code"));
        await File.WriteAllTextAsync(Path.Combine(dir, "grids.geojson"), GeoJson(city.Grids, crs, "community_code"));
        await File.WriteAllTextAsync(Path.Combine(dir, "households.csv"), Csv(city.Households, crs));
        await File.WriteAllTextAsync(Path.Combine(dir, "README.txt"), FormattableString.Invariant($"""
            GENERATED files for {name}, made by `GridGIS.Server city-files` from {Path.GetFileName(extractPath)} (seed {options.Seed}).
            Nothing here is real: {city.Streets.Count} streets, {city.Communities.Count} communities and {city.Grids.Count} grids cut a box
            ({box.MinX:0.#####},{box.MinY:0.#####} .. {box.MaxX:0.#####},{box.MaxY:0.#####}, WGS84) into a lattice in EPSG:{epsg};
            {city.Households.Count} households stand in the extract's residential buildings. Codes start with {district}.
            Coordinates: {crs}. Import them with --crs {crs.ToString().ToLowerInvariant()} (see docs/new-city.md).

            """));
        Cli.Log(FormattableString.Invariant($"wrote {city.Streets.Count} streets, {city.Communities.Count} communities, {city.Grids.Count} grids and {city.Households.Count} households (all generated, {crs}) to {dir}; the city's zone is EPSG:{epsg}"));
        return 0;
    }

    /// <summary>A FeatureCollection of the units, coordinates converted from WGS84 to <paramref name="crs"/>.</summary>
    internal static string GeoJson(IEnumerable<GeneratedUnit> units, InputCrs crs, string? parentField)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteString("type", "FeatureCollection");
            w.WriteString("generated", "generated boundaries, not real: see README.txt");
            w.WriteStartArray("features");
            foreach (var u in units)
            {
                w.WriteStartObject();
                w.WriteString("type", "Feature");
                w.WriteStartObject("properties");
                w.WriteString("code", u.Code);
                w.WriteString(parentField == "community_code" ? "name" : "name_zh", u.NameZh);
                if (parentField != "community_code") w.WriteString("name_en", u.NameEn);
                if (parentField is not null) w.WriteString(parentField, u.ParentCode);
                w.WriteEndObject();
                w.WriteStartObject("geometry");
                w.WriteString("type", "Polygon");
                w.WriteStartArray("coordinates");
                w.WriteStartArray();
                foreach (var c in u.Area.ExteriorRing.Coordinates)
                {
                    var (x, y) = FromWgs84(crs, c);
                    w.WriteStartArray(); w.WriteRawValue(F(x)); w.WriteRawValue(F(y)); w.WriteEndArray();
                }
                w.WriteEndArray();
                w.WriteEndArray();
                w.WriteEndObject();
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>The households in the import format (<c>docs/import.md</c>), <c>generated=true</c>, coordinates in <paramref name="crs"/>.</summary>
    internal static string Csv(IEnumerable<GeneratedHousehold> households, InputCrs crs)
    {
        var s = new StringBuilder("address,lon,lat,crs,residents,foreign_residents,nationalities,generated\n");
        var crsName = crs switch { InputCrs.Gcj02 => "GCJ-02", InputCrs.Bd09 => "BD-09", _ => "WGS84" };
        foreach (var h in households)
        {
            var (x, y) = FromWgs84(crs, new Coordinate(h.Lon, h.Lat));
            var nat = string.Join(';', h.Nationalities.Select(n => $"{n.Key}:{n.Value.ToString(CultureInfo.InvariantCulture)}"));
            s.Append(CultureInfo.InvariantCulture, $"\"{h.Address.Replace("\"", "\"\"", StringComparison.Ordinal)}\",{F(x)},{F(y)},{crsName},{h.Residents},{h.ForeignResidents},{nat},true\n");
        }
        return s.ToString();
    }

    private static (double X, double Y) FromWgs84(InputCrs crs, Coordinate c) => crs switch
    {
        InputCrs.Gcj02 => ChinaCoordinates.Wgs84ToGcj02(c.X, c.Y),
        InputCrs.Bd09 => ChinaCoordinates.Gcj02ToBd09(ChinaCoordinates.Wgs84ToGcj02(c.X, c.Y).Lon, ChinaCoordinates.Wgs84ToGcj02(c.X, c.Y).Lat),
        _ => (c.X, c.Y),
    };

    private static string F(double v) => v.ToString("0.#########", CultureInfo.InvariantCulture);
}
