using System.Security.Claims;
using System.Text;
using GridGIS.Core.Geo;
using GridGIS.Server.Data;
using GridGIS.Server.Features.Grids;
using GridGIS.Server.Security;
using Npgsql;

namespace GridGIS.Server.Features.Households;

/// <summary>
/// Bulk CSV import of households (administrators): the request body is the CSV (UTF-8, at most
/// <see cref="MaxBytes"/>); <c>?crs=WGS84|GCJ-02|BD-09</c> is the default for rows without a crs
/// column. Every row is checked first; any bad row means a 400 ProblemDetails with
/// <c>errors[]</c> of line, field and message, and nothing written. Good files are written in one
/// transaction and the new households assigned to grids. Also the list of households in no grid.
/// </summary>
internal static class HouseholdImportApi
{
    public const int MaxBytes = 32 * 1024 * 1024;
    public const int MaxErrorsListed = 200;

    public static IEndpointRouteBuilder MapHouseholdImportApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/households").WithTags("Households").RequireAuthorization(Policies.Admin);
        api.MapPost("/import", ImportAsync).WithRequestSizeLimit(MaxBytes + 1).WithSummary("Import households from CSV, all-or-nothing, and assign them to grids.");
        api.MapGet("/unassigned", async (NpgsqlDataSource db, int? limit, CancellationToken ct) =>
        {
            if (limit is < 1 or > Layers.LayersApi.MaxLimit) return GridAccess.Bad("limit", $"limit must be between 1 and {Layers.LayersApi.MaxLimit}");
            await using var cmd = db.CreateCommand(Sql.Get("Features/Grids/ReportUnassigned.sql"));
            cmd.Parameters.Add(new() { Value = limit ?? HouseholdAssigner.MaxListed });
            cmd.Parameters.Add(new() { Value = DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Bigint });
            return Results.Text((string)(await cmd.ExecuteScalarAsync(ct))!, "application/json");
        }).WithSummary("Households in no grid: count and the first ones (id, lon, lat).");
        return app;
    }

    private static async Task<IResult> ImportAsync(HttpRequest request, ClaimsPrincipal user, NpgsqlDataSource db, string? crs, CancellationToken ct)
    {
        var defaultCrs = InputCrs.Wgs84;
        if (crs is not null && !HouseholdCsv.TryParseCrs(crs, out defaultCrs))
            return GridAccess.Bad("crs", $"crs is WGS84, GCJ-02 or BD-09, not '{crs}'");
        if (request.ContentLength > MaxBytes) return TooLarge();
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int n;
        while ((n = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + n > MaxBytes) return TooLarge();
            buffer.Write(chunk, 0, n);
        }
        string text;
        try { text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(buffer.GetBuffer(), 0, (int)buffer.Length); }
        catch (DecoderFallbackException e)
        {
            return Results.Problem($"the file is not valid UTF-8 (byte {e.Index}); save it as UTF-8 (GBK and others are not accepted)",
                statusCode: 400, title: "Invalid CSV encoding");
        }
        if (text.Length > 0 && text[0] == '\uFEFF') text = text[1..];
        if (text.Contains('\0')) return Results.Problem("the file contains NUL bytes: is it a binary file?", statusCode: 400, title: "Invalid CSV");

        var (rows, errors) = HouseholdCsv.Parse(text, defaultCrs);
        if (errors.Count > 0) return Rejected(errors);
        try
        {
            var result = await HouseholdImport.WriteAsync(db, rows, Audit.Actor(user), "api", null, ct);
            return Results.Ok(new
            {
                imported = result.Imported, assigned = result.Imported - result.UnassignedCount,
                unassigned = new { count = result.UnassignedCount, households = result.UnassignedHouseholds },
            });
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.CheckViolation or PostgresErrorCodes.NotNullViolation)
        {
            return Results.Problem($"a row breaks a database rule ({e.ConstraintName}); nothing was written", statusCode: 400, title: "Invalid CSV");
        }
    }

    /// <summary>400 with errors[] (line, field, message), the first <see cref="MaxErrorsListed"/>, and their total.</summary>
    public static IResult Rejected(IReadOnlyList<CsvError> errors) => Results.Problem(
        $"{errors.Count} problem(s) in the file; nothing was written. First: line {errors[0].Line}, {errors[0].Field}: {errors[0].Message}",
        statusCode: 400, title: "Invalid CSV",
        extensions: new Dictionary<string, object?>
        {
            ["errorCount"] = errors.Count,
            ["errors"] = errors.Take(MaxErrorsListed).Select(e => new { line = e.Line, field = e.Field, message = e.Message }).ToArray(),
        });

    private static IResult TooLarge() =>
        Results.Problem($"the file is larger than {MaxBytes / (1024 * 1024)} MiB; split it", statusCode: 413, title: "File too large");
}
