using System.Globalization;
using System.Text.RegularExpressions;
using GridGIS.Core.Geo;

namespace GridGIS.Server.Features.Households;

/// <summary>One valid household row, coordinates converted to WGS84 (EPSG:4326) degrees.</summary>
internal sealed record HouseholdRow(int Line, double Lon, double Lat, string? Address, int Residents, int ForeignResidents,
    SortedDictionary<string, int> Nationalities, bool Generated = false);

/// <summary>One problem in an import: 1-based line, column name (or "(file)", "(row)"), what is wrong.</summary>
internal sealed record CsvError(int Line, string Field, string Message);

/// <summary>
/// The household CSV format. Header (any order): <c>lon, lat, residents</c> required; <c>address, crs,
/// foreign_residents, nationalities</c> optional; <c>id, grid_code</c> (as exported) accepted and ignored.
/// <c>crs</c> is WGS84, GCJ-02 or BD-09 (else the import's default). <c>nationalities</c> is
/// <c>KR:2;US:1</c> (ISO 3166 alpha-2 : persons), its sum at most <c>foreign_residents</c>.
/// Every row is checked; the import is all-or-nothing.
/// </summary>
internal static partial class HouseholdCsv
{
    public const int MaxRows = 200_000;
    public const int MaxResidents = 1000;
    private static readonly string[] Known = ["address", "lon", "lat", "crs", "residents", "foreign_residents", "nationalities", "generated"];
    private static readonly string[] Ignored = ["id", "grid_code"];
    public const string Header = "id,address,lon,lat,crs,residents,foreign_residents,nationalities,grid_code";

    [GeneratedRegex("^[A-Z]{2}$")]
    private static partial Regex CountryCode();

    public static bool TryParseCrs(string? s, out InputCrs crs)
    {
        crs = InputCrs.Wgs84;
        switch (s?.Trim().Replace("-", "").Replace("_", "").ToUpperInvariant())
        {
            case "WGS84" or "EPSG:4326" or "4326": crs = InputCrs.Wgs84; return true;
            case "GCJ02": crs = InputCrs.Gcj02; return true;
            case "BD09": crs = InputCrs.Bd09; return true;
            default: return false;
        }
    }

    public static (List<HouseholdRow> Rows, List<CsvError> Errors) Parse(string text, InputCrs defaultCrs)
    {
        var rows = new List<HouseholdRow>();
        var errors = new List<CsvError>();
        var records = CsvRecords.Read(text, MaxRows + 1, out var readError);
        if (readError is not null) errors.Add(new CsvError(records.Count > 0 ? records[^1].Line : 1, "(file)", readError));
        if (records.Count == 0) { errors.Add(new CsvError(1, "(file)", "the file is empty: expected a header line and rows")); return (rows, errors); }
        var header = records[0].Fields.Select(h => h.Trim().ToLowerInvariant()).ToArray();
        var col = new Dictionary<string, int>();
        for (var i = 0; i < header.Length; i++)
        {
            if (!Known.Contains(header[i]) && !Ignored.Contains(header[i]))
                errors.Add(new CsvError(records[0].Line, header[i], $"unknown column '{Trunc(header[i])}'; expected {string.Join(", ", Known)}"));
            else if (!col.TryAdd(header[i], i)) errors.Add(new CsvError(records[0].Line, header[i], "column appears twice"));
        }
        foreach (var required in new[] { "lon", "lat", "residents" })
            if (!col.ContainsKey(required)) errors.Add(new CsvError(records[0].Line, required, "required column is missing"));
        if (errors.Count > 0) return (rows, errors);
        if (records.Count == 1) errors.Add(new CsvError(1, "(file)", "the file has a header but no rows"));

        foreach (var rec in records.Skip(1))
        {
            if (rec.Fields.Length != header.Length)
            {
                errors.Add(new CsvError(rec.Line, "(row)", $"{rec.Fields.Length} fields, the header has {header.Length}"));
                continue;
            }
            if (ParseRow(rec, col, defaultCrs, errors) is { } row) rows.Add(row);
        }
        return (rows, errors);
    }

    private static HouseholdRow? ParseRow(CsvRecords.Record rec, Dictionary<string, int> col, InputCrs defaultCrs, List<CsvError> errors)
    {
        var before = errors.Count;
        string Get(string name) => col.TryGetValue(name, out var i) ? rec.Fields[i].Trim() : "";
        void Err(string field, string message) => errors.Add(new CsvError(rec.Line, field, message));

        var crs = defaultCrs;
        if (Get("crs") is { Length: > 0 } crsText && !TryParseCrs(crsText, out crs)) Err("crs", $"'{Trunc(crsText)}' is not WGS84, GCJ-02 or BD-09");
        var lon = Number(Get("lon"), "lon", -180, 180, Err);
        // Latitude is range-checked by the China test below, so that a swapped pair is named as such.
        var lat = Number(Get("lat"), "lat", -180, 180, Err);
        if (lon is { } x && lat is { } y && !Core.Geo.ChinaCoordinates.InChina(x, y))
            Err("lon", Core.Geo.ChinaCoordinates.InChina(y, x)
                ? $"({x}, {y}) lies outside China but ({y}, {x}) does not: lon and lat look swapped"
                : $"({x}, {y}) lies outside China (lon 72..138, lat 0.8..56)");
        var residents = Integer(Get("residents"), "residents", 0, MaxResidents, Err);
        var foreignText = Get("foreign_residents");
        var foreign = foreignText.Length == 0 ? 0 : Integer(foreignText, "foreign_residents", 0, MaxResidents, Err);
        if (residents is { } r && foreign is { } f && f > r) Err("foreign_residents", $"{f} foreign residents but only {r} residents");

        var address = Get("address");
        if (address.Length > 300) Err("address", $"address is {address.Length} characters; at most 300");
        if (Core.Text.UnsafeText.Problem("address", address) is { } unsafeText) Err("address", unsafeText);
        if (address.Length > 0 && "=+-@".Contains(address[0])) Err("address", "address starts with =, +, - or @ (a spreadsheet formula)");

        var nationalities = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var natText = Get("nationalities");
        if (natText.Length > 0)
            foreach (var part in natText.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                var kv = part.Split(':', StringSplitOptions.TrimEntries);
                var code = kv[0].ToUpperInvariant();
                if (kv.Length != 2 || !CountryCode().IsMatch(code) || !int.TryParse(kv[1], NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n < 1)
                { Err("nationalities", $"'{Trunc(part)}' is not CODE:PERSONS (ISO 3166 alpha-2, persons >= 1), e.g. KR:2;US:1"); continue; }
                if (!nationalities.TryAdd(code, n)) Err("nationalities", $"{code} appears twice");
            }
        if (foreign is { } fr && nationalities.Values.Sum(v => (long)v) > fr)
            Err("nationalities", $"nationalities add up to {nationalities.Values.Sum(v => (long)v)}, more than the {fr} foreign residents");

        var generated = false;
        if (Get("generated") is { Length: > 0 } generatedText && !bool.TryParse(generatedText, out generated))
            Err("generated", $"'{Trunc(generatedText)}' is not true or false");

        if (errors.Count > before) return null;
        var (wLon, wLat) = ChinaCoordinates.ToWgs84(crs, lon!.Value, lat!.Value);
        return new HouseholdRow(rec.Line, wLon, wLat, address.Length == 0 ? null : address, residents!.Value, foreign!.Value, nationalities, generated);
    }

    private static double? Number(string s, string field, double min, double max, Action<string, string> err)
    {
        if (s.Length == 0) { err(field, "is empty"); return null; }
        if (!double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || !double.IsFinite(v))
        { err(field, $"'{Trunc(s)}' is not a number (use a dot for decimals)"); return null; }
        if (v < min || v > max) { err(field, $"{v} is out of range {min}..{max}"); return null; }
        return v;
    }

    private static int? Integer(string s, string field, int min, int max, Action<string, string> err)
    {
        if (s.Length == 0) { err(field, "is empty"); return null; }
        if (!long.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v))
        { err(field, $"'{Trunc(s)}' is not a whole number"); return null; }
        if (v < min || v > max) { err(field, $"{v} is out of range {min}..{max}"); return null; }
        return (int)v;
    }

    private static string Trunc(string s) => s.Length <= 40 ? s : s[..40] + "...";

    public static string FormatNationalities(IEnumerable<KeyValuePair<string, int>> n) =>
        string.Join(';', n.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key}:{kv.Value}"));

    /// <summary>An exported address: a leading formula character is defused with an apostrophe.</summary>
    public static string SafeAddress(string? address) =>
        address is { Length: > 0 } && "=+-@".Contains(address[0]) ? "'" + address : address ?? "";
}
