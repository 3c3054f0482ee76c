using System.Globalization;
using GridGIS.Core.Geo;
using NetTopologySuite.Geometries;

namespace GridGIS.Core.Demo;

/// <summary>What to generate for a city that has an OSM extract but no boundary files of its own.</summary>
/// <param name="DistrictCode">The 6-digit administrative code of the district the codes start with (行政区划代码).</param>
/// <param name="Name">The district's name, for the generated units' names (<c>南京新街口</c>).</param>
/// <param name="Streets">Streets, side by side west to east, 1..9.</param>
/// <param name="CommunitiesPerStreet">Communities per street, south to north, 1..9.</param>
/// <param name="Households">Households to place, 0..200,000.</param>
/// <param name="ForeignShare">Share of households with foreign residents, 0..1.</param>
/// <param name="Seed">The random seed: the same seed, area and buildings give the same city.</param>
public sealed record GeneratedCityOptions(string DistrictCode, string Name, int Streets = 2, int CommunitiesPerStreet = 3, int Households = 4000,
    double ForeignShare = 0.03, ulong Seed = 20210612);

/// <summary>A generated street, community or grid: its code, names, parent code (null for a street) and polygon (EPSG:4326).</summary>
public sealed record GeneratedUnit(string Code, string NameZh, string NameEn, string? ParentCode, Polygon Area);

/// <summary>A generated household (EPSG:4326): residents, foreign residents and their nationalities (ISO 3166 alpha-2 : persons).</summary>
public sealed record GeneratedHousehold(double Lon, double Lat, string Address, int Residents, int ForeignResidents, IReadOnlyDictionary<string, int> Nationalities);

/// <summary>A generated city: streets, communities, grids (tiling the area exactly) and households.</summary>
public sealed record GeneratedCityData(IReadOnlyList<GeneratedUnit> Streets, IReadOnlyList<GeneratedUnit> Communities, IReadOnlyList<GeneratedUnit> Grids,
    IReadOnlyList<GeneratedHousehold> Households);

/// <summary>
/// Generated boundaries and households for a city whose roads and buildings are real (an OSM extract) but whose boundary
/// files are not at hand: everything here is <b>generated</b>, and its names say so (生成, "generated"). The area, a box in
/// the city's metric CRS, is cut into a lattice: streets are columns, communities rows within a street, and each community
/// 2 x 2 grids; every ring carries each lattice point along its edges, so the units tile the box exactly after any
/// smooth transformation (GCJ-02 included: no slivers where a neighbour's corner lies on an edge). Codes follow the
/// national pattern: street = district + 3 digits, community = street + 3, grid = community + 3 (15 digits).
/// Households stand inside the extract's residential buildings (<c>building=residential|apartments|house|dormitory|yes</c>),
/// each building receiving a share by floor area (footprint x <c>building:levels</c>, 6 when untagged); a city without
/// such buildings gets households at random points. Deterministic for a given seed.
/// </summary>
public static class GeneratedCity
{
    private static readonly HashSet<string> Residential = ["residential", "apartments", "house", "dormitory", "yes"];
    private static readonly string[] Nationalities = ["KR", "US", "JP", "DE", "GB", "FR", "RU", "IN"];
    private static readonly GeometryFactory Wgs84 = new(new PrecisionModel(), 4326);

    /// <summary>
    /// Generates the city over <paramref name="box"/> (lon/lat degrees), projected with <paramref name="projection"/> (the city's
    /// metric CRS). <paramref name="buildings"/> are (class, levels or null, footprint in EPSG:4326).
    /// </summary>
    public static GeneratedCityData Generate(Envelope box, IEnumerable<(string Class, int? Levels, Geometry Footprint)> buildings,
        LocalProjection projection, GeneratedCityOptions options)
    {
        ArgumentNullException.ThrowIfNull(box);
        ArgumentNullException.ThrowIfNull(buildings);
        ArgumentNullException.ThrowIfNull(projection);
        ArgumentNullException.ThrowIfNull(options);
        if (options.DistrictCode.Length != 6 || !options.DistrictCode.All(char.IsAsciiDigit))
            throw new ArgumentOutOfRangeException(nameof(options), options.DistrictCode, "DistrictCode must be 6 digits");
        if (options.Streets is < 1 or > 9) throw new ArgumentOutOfRangeException(nameof(options), options.Streets, "Streets must be 1..9");
        if (options.CommunitiesPerStreet is < 1 or > 9) throw new ArgumentOutOfRangeException(nameof(options), options.CommunitiesPerStreet, "CommunitiesPerStreet must be 1..9");
        if (options.Households is < 0 or > 200_000) throw new ArgumentOutOfRangeException(nameof(options), options.Households, "Households must be 0..200000");
        if (options.ForeignShare is < 0 or > 1 || double.IsNaN(options.ForeignShare)) throw new ArgumentOutOfRangeException(nameof(options), options.ForeignShare, "ForeignShare must be 0..1");
        if (box.IsNull || box.Width <= 0 || box.Height <= 0) throw new ArgumentOutOfRangeException(nameof(box), box, "the area must be a box of positive size");

        var (x0, y0) = projection.Forward(box.MinX, box.MinY);
        var (x1, y1) = projection.Forward(box.MaxX, box.MaxY);
        int columns = options.Streets * 2, rows = options.CommunitiesPerStreet * 2;
        var lattice = new (double Lon, double Lat)[columns + 1, rows + 1];
        for (var i = 0; i <= columns; i++)
            for (var j = 0; j <= rows; j++)
                lattice[i, j] = projection.Inverse(x0 + (x1 - x0) * i / columns, y0 + (y1 - y0) * j / rows);

        var streets = new List<GeneratedUnit>();
        var communities = new List<GeneratedUnit>();
        var grids = new List<GeneratedUnit>();
        for (var s = 0; s < options.Streets; s++)
        {
            var street = $"{options.DistrictCode}{s + 1:000}";
            streets.Add(new(street, $"{options.Name}生成街道{s + 1}", $"Generated street {s + 1}", null, Ring(lattice, 2 * s, 2 * s + 2, 0, rows)));
            for (var c = 0; c < options.CommunitiesPerStreet; c++)
            {
                var community = $"{street}{c + 1:000}";
                communities.Add(new(community, $"{options.Name}生成社区{s + 1}-{c + 1}", $"Generated community {s + 1}-{c + 1}", street,
                    Ring(lattice, 2 * s, 2 * s + 2, 2 * c, 2 * c + 2)));
                for (var g = 0; g < 4; g++)
                {
                    var (gi, gj) = (2 * s + g % 2, 2 * c + g / 2);
                    grids.Add(new($"{community}{g + 1:000}", $"生成网格{s + 1}-{c + 1}-{g + 1}", $"Generated grid {s + 1}-{c + 1}-{g + 1}", community,
                        Ring(lattice, gi, gi + 1, gj, gj + 1)));
                }
            }
        }
        var households = Households(buildings, streets, options);
        return new GeneratedCityData(streets, communities, grids, households);
    }

    /// <summary>The ring of lattice cells [i0, i1) x [j0, j1), counter-clockwise, through every lattice point on its edges.</summary>
    private static Polygon Ring((double Lon, double Lat)[,] p, int i0, int i1, int j0, int j1)
    {
        var ring = new List<Coordinate>();
        for (var i = i0; i < i1; i++) ring.Add(C(p[i, j0]));
        for (var j = j0; j < j1; j++) ring.Add(C(p[i1, j]));
        for (var i = i1; i > i0; i--) ring.Add(C(p[i, j1]));
        for (var j = j1; j > j0; j--) ring.Add(C(p[i0, j]));
        ring.Add(ring[0].Copy());
        return Wgs84.CreatePolygon(ring.ToArray());
    }

    private static Coordinate C((double Lon, double Lat) p) => new(p.Lon, p.Lat);

    private static List<GeneratedHousehold> Households(IEnumerable<(string Class, int? Levels, Geometry Footprint)> buildings,
        List<GeneratedUnit> streets, GeneratedCityOptions o)
    {
        var rng = new DemoRandom(o.Seed).Fork("households");
        var city = Wgs84.BuildGeometry(streets.Select(s => (Geometry)s.Area)).Union();
        // A building on the city's edge keeps its part inside, so that every household lies in a grid.
        var homes = buildings.Where(b => Residential.Contains(b.Class) && b.Footprint is Polygon or MultiPolygon && city.Intersects(b.Footprint))
                             .Select(b => (Footprint: city.Contains(b.Footprint) ? b.Footprint : b.Footprint.Intersection(city), b.Levels))
                             .Where(b => b.Footprint is Polygon or MultiPolygon && b.Footprint.Area > 0)
                             .Select(b => (b.Footprint, Weight: b.Footprint.Area * Math.Clamp(b.Levels ?? 6, 1, 60))).ToList();
        var total = homes.Sum(h => h.Weight);
        var list = new List<GeneratedHousehold>(o.Households);
        for (var n = 0; n < o.Households; n++)
        {
            Geometry within = city;
            string where = "";
            if (homes.Count > 0)
            {
                var pick = rng.NextDouble() * total;
                var k = 0;
                while (k < homes.Count - 1 && (pick -= homes[k].Weight) > 0) k++;
                within = homes[k].Footprint;
                where = $"生成楼栋{k + 1}";
            }
            var (lon, lat) = PointIn(within, rng);
            var residents = 1 + rng.Next(5);
            var foreign = rng.Chance(o.ForeignShare) ? 1 + rng.Next(residents) : 0;
            var nationalities = new SortedDictionary<string, int>(StringComparer.Ordinal);
            if (foreign > 0) nationalities[Nationalities[rng.Next(Nationalities.Length)]] = foreign;
            list.Add(new GeneratedHousehold(lon, lat, string.Create(CultureInfo.InvariantCulture, $"{o.Name}{where}生成住户{n + 1} (generated)"),
                residents, foreign, nationalities));
        }
        return list;
    }

    private static (double Lon, double Lat) PointIn(Geometry g, DemoRandom rng)
    {
        var e = g.EnvelopeInternal;
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var p = Wgs84.CreatePoint(new Coordinate(rng.Range(e.MinX, e.MaxX), rng.Range(e.MinY, e.MaxY)));
            if (g.Contains(p)) return (p.X, p.Y);
        }
        var inside = g.InteriorPoint;
        return (inside.X, inside.Y);
    }
}
