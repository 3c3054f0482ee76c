using System.Globalization;

namespace GridGIS.Core.Demo;

/// <summary>One row of Table 1 of the seed paper: Chaoyang's urban population by street, March 2010 (persons).</summary>
public sealed record PublishedStreet2010(
    int Rank, string NameZh, string Pinyin, int RegisteredTotal, int RegisteredLocal, int RegisteredElsewhereInBeijing,
    int MigrantTotal, int MigrantWithPermit, int MigrantWithoutPermit, int ForeignResidents, int Total);

/// <summary>A street or area of Chaoyang with its 2023 9-digit statistical code.</summary>
public sealed record Street2023(string Code, string Name);

/// <summary>A community (社区/村 committee) with its 12-digit code and its street's 9-digit code.</summary>
public sealed record Community2023(string Code, string Name, string StreetCode);

/// <summary>The approximate place of a street (WGS84 degrees); not a boundary.</summary>
public sealed record StreetSeedPoint(string Code, string Name, double Lon, double Lat);

/// <summary>
/// The four published tables the demo is built from (data/published/*.csv), parsed from their text:
/// Core reads no files, the caller passes the text. Every row is checked; a malformed row throws
/// <see cref="FormatException"/> naming the file and line.
/// </summary>
public sealed record PublishedTables(
    IReadOnlyList<PublishedStreet2010> Streets2010,
    IReadOnlyList<Street2023> Streets2023,
    IReadOnlyList<Community2023> Communities2023,
    IReadOnlyList<StreetSeedPoint> SeedPoints)
{
    public const string Streets2010File = "chaoyang_2010_streets.csv";
    public const string Streets2023File = "chaoyang_streets_2023.csv";
    public const string Communities2023File = "chaoyang_communities_2023.csv";
    public const string SeedPointsFile = "chaoyang_street_seed_points_wgs84.csv";

    /// <summary>Parses the four files; <paramref name="textOf"/> returns a file's text by its name.</summary>
    public static PublishedTables Parse(Func<string, string> textOf)
    {
        ArgumentNullException.ThrowIfNull(textOf);
        return new PublishedTables(
            Rows(textOf, Streets2010File, 11, c => new PublishedStreet2010(Int(c[0]), c[1], c[2], Int(c[3]), Int(c[4]), Int(c[5]),
                Int(c[6]), Int(c[7]), Int(c[8]), Int(c[9]), Int(c[10]))),
            Rows(textOf, Streets2023File, 2, c => new Street2023(c[0], c[1])),
            Rows(textOf, Communities2023File, 3, c => new Community2023(c[0], c[1], c[2])),
            Rows(textOf, SeedPointsFile, 9, c => new StreetSeedPoint(c[0], c[1], Dbl(c[2]), Dbl(c[3]))));
    }

    private static List<T> Rows<T>(Func<string, string> textOf, string file, int columns, Func<string[], T> make)
    {
        var lines = textOf(file).Split('\n');
        var rows = new List<T>();
        for (var i = 1; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r');
            if (line.Length == 0) continue;
            var cells = line.Split(',');
            if (cells.Length != columns)
                throw new FormatException($"{file} line {i + 1}: {cells.Length} columns, expected {columns}");
            try { rows.Add(make(cells)); }
            catch (FormatException e) { throw new FormatException($"{file} line {i + 1}: {e.Message}", e); }
        }
        return rows;
    }

    private static int Int(string s) => int.Parse(s, NumberStyles.Integer, CultureInfo.InvariantCulture);
    private static double Dbl(string s) => double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture);

    /// <summary>
    /// The 2023 code of a 2010 street name: "望京" is 望京街道; the paper's "机场" is 首都机场街道.
    /// Throws when a name maps to no street or to more than one.
    /// </summary>
    public string StreetCodeOf2010Name(string nameZh)
    {
        var wanted = nameZh == "机场" ? "首都机场街道" : nameZh + "街道";
        var matches = Streets2023.Where(s => s.Name == wanted).ToList();
        return matches.Count == 1
            ? matches[0].Code
            : throw new FormatException($"2010 street '{nameZh}' maps to {matches.Count} streets of 2023 (looked for '{wanted}')");
    }
}
