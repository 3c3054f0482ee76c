using System.Globalization;
using System.Text;
using GridGIS.Core.Geo;
using GridGIS.Core.Import;
using NetTopologySuite.Geometries;

namespace GridGIS.Server.Features.Households;

/// <summary>
/// Households from a zipped Shapefile or a GeoPackage (a GIS office's point layer): each feature a Point, its attributes
/// named as the CSV's columns (<c>residents</c> required; <c>address</c>, <c>foreign_residents</c>, <c>nationalities</c>;
/// others ignored). The file's CRS is honoured by the readers (<see cref="ImportFile"/>); the points then become rows of the
/// household CSV, so that one set of rules (<see cref="HouseholdCsv"/>) checks every household whatever its file. A
/// problem's line is the record's number plus 2, the line it would have in that CSV (the header is line 1).
/// </summary>
internal static class HouseholdFiles
{
    private static readonly string[] Columns = ["address", "residents", "foreign_residents", "nationalities"];

    /// <summary>The file as household CSV text, or the errors that stop it being read.</summary>
    public static (string? Csv, List<CsvError> Errors) ToCsv(byte[] bytes, ImportFormat format, InputCrs crs, string? table)
    {
        var read = new ImportErrorList(HouseholdImportApi.MaxErrorsListed);
        var features = ImportFile.Read(bytes, format, ImportLimits.Default with { MaxFeatures = HouseholdCsv.MaxRows }, read, crs, table);
        static int Line(int? feature) => feature is { } f ? f + 2 : 1;
        var errors = read.Errors.Select(e => new CsvError(Line(e.Feature), e.Field, e.Message)).ToList();
        if (errors.Count > 0) return (null, errors);
        var csv = new StringBuilder("lon,lat,").Append(string.Join(',', Columns)).Append('\n');
        foreach (var f in features)
        {
            if (f.Geometry is not Point p)
            {
                errors.Add(new CsvError(Line(f.Index), "geometry", $"a household is a Point, not a {f.Geometry?.GeometryType ?? "null shape"}"));
                continue;
            }
            csv.Append(p.X.ToString("R", CultureInfo.InvariantCulture)).Append(',').Append(p.Y.ToString("R", CultureInfo.InvariantCulture));
            foreach (var c in Columns) csv.Append(',').Append(Quote(f.Properties.GetValueOrDefault(c)));
            csv.Append('\n');
        }
        return errors.Count > 0 ? (null, errors) : (csv.ToString(), errors);
    }

    private static string Quote(string? s) => s is null ? "" : "\"" + s.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
