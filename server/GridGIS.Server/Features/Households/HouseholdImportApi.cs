using System.Security.Claims;
using System.Text;
using GridGIS.Core.Geo;
using GridGIS.Server.Data;
using GridGIS.Server.Features.Grids;
using GridGIS.Server.Features.Import;
using GridGIS.Server.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using GridGIS.Server.Security;
using Npgsql;

namespace GridGIS.Server.Features.Households;

/// <summary>
/// Bulk CSV import of households (administrators; a zipped Shapefile or a GeoPackage of points too, see
/// <see cref="HouseholdFiles"/>): the request body is the CSV (UTF-8, at most
/// <see cref="MaxBytes"/>); <c>?crs=WGS84|GCJ-02|BD-09</c> is the default for rows without a crs
/// column. Every row is checked first; any bad row means a 400 ProblemDetails with
/// <c>errors[]</c> of line, field and message, and nothing written. Good files are written in one
/// transaction and the new households assigned to grids; <c>?async=true</c> answers 202 with a job whose
/// state and percentage <c>GET /api/import/jobs/{id}</c> reports. Also the list of households in no grid.
/// </summary>
internal static class HouseholdImportApi
{
    public const int MaxBytes = 32 * 1024 * 1024;
    public const int MaxErrorsListed = 200;

    public static IEndpointRouteBuilder MapHouseholdImportApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/households").WithTags("Households").RequireAuthorization(Policies.Admin);
        api.MapPost("/import", ImportAsync).WithRequestSizeLimit(MaxBytes + 1)
           .Produces<HouseholdImportAnswer>().Produces<ImportJobView>(StatusCodes.Status202Accepted).ProducesProblem(StatusCodes.Status400BadRequest)
           .ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status429TooManyRequests).WithSummary("Import households from CSV (or the points of a zipped Shapefile, application/zip, or a GeoPackage, application/geopackage+sqlite3, " +
                        "table= naming one of several), all-or-nothing, and assign them to grids; async=true answers 202 with a job to poll.");
        api.MapGet("/unassigned", async Task<Results<JsonTextResult<UnassignedReport>, BadRequestProblem>> (NpgsqlDataSource db, ClaimsPrincipal user, int? limit, CancellationToken ct) =>
        {
            if (limit is < 1 or > Layers.LayersApi.MaxLimit) return Problems.Parameter("limit", $"limit must be between 1 and {Layers.LayersApi.MaxLimit}");
            await using var cmd = db.CreateCommand(Sql.Get("Features/Grids/ReportUnassigned.sql"));
            cmd.Parameters.Add(new() { Value = limit ?? HouseholdAssigner.MaxListed });
            cmd.Parameters.Add(new() { Value = DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Bigint });
            var json = (string)(await cmd.ExecuteScalarAsync(ct))!;
            using (var doc = System.Text.Json.JsonDocument.Parse(json))
                await Audit.WriteAsync(db, user, "household.unassigned", "household", "unassigned",
                    new { count = doc.RootElement.GetProperty("households").GetArrayLength() }, ct);
            return new JsonTextResult<UnassignedReport>(json);
        }).WithSummary("Households in no grid: count and the first ones (id, lon, lat).");
        return app;
    }

    private static async Task<IResult> ImportAsync(HttpRequest request, ClaimsPrincipal user, NpgsqlDataSource db, ImportJobs jobs, string? crs,
        string? table, [FromQuery(Name = "async")] string? runAsync, CancellationToken ct)
    {
        var defaultCrs = InputCrs.Wgs84;
        if (crs is not null && !HouseholdCsv.TryParseCrs(crs, out defaultCrs))
            return Problems.Parameter("crs", $"crs is WGS84, GCJ-02 or BD-09, not '{crs}'");
        if (!ImportApi.TryAsync(runAsync, out var background)) return Problems.Parameter("async", $"async must be true or false, not '{runAsync}'");
        if (table is not null && !ImportOptions.IsTableName(table))
            return Problems.Parameter("table", "table is a Shapefile's or GeoPackage table's name (1..100 letters, digits, _ - . or space)");
        // CSV unless the body says it is a zipped Shapefile or a GeoPackage (the CSV endpoint never asked for a Content-Type).
        var fileName = System.Net.Http.Headers.ContentDispositionHeaderValue.TryParse(request.Headers.ContentDisposition.ToString(), out var cd)
            ? (cd.FileNameStar ?? cd.FileName)?.Trim('"') : null;
        var format = System.Net.Http.Headers.MediaTypeHeaderValue.TryParse(request.ContentType, out var media) && media.MediaType is { } m
            && ImportOptions.FormatOf(m, fileName) is { } f and (Core.Import.ImportFormat.Shapefile or Core.Import.ImportFormat.GeoPackage)
            ? f : Core.Import.ImportFormat.Csv;
        if (await ImportApi.ReadBodyAsync(request.HttpContext, MaxBytes, ct) is not { } bytes) return TooLarge();
        var actor = Audit.Actor(user);
        if (background)
            return await jobs.StartAnswerAsync(new ImportJobRequest(ImportJobRequest.HouseholdsKind, null, format, defaultCrs, null, "request body", table),
                bytes, actor, ct);
        var (status, body) = await ExecuteAsync(db, bytes, defaultCrs, actor, ImportProgress.None, ct, format, table);
        return status == StatusCodes.Status200OK ? TypedResults.Ok((HouseholdImportAnswer)body) : Problems.Result((ProblemDetails)body);
    }

    /// <summary>Parses, checks and writes the CSV (or a Shapefile's or GeoPackage's points as CSV); the answer's status and body (counts, or a ProblemDetails).</summary>
    internal static async Task<(int Status, object Body)> ExecuteAsync(NpgsqlDataSource db, byte[] bytes, InputCrs defaultCrs, string actor,
        ImportProgress progress, CancellationToken ct, Core.Import.ImportFormat format = Core.Import.ImportFormat.Csv, string? table = null)
    {
        if (format != Core.Import.ImportFormat.Csv)
        {
            progress.Report(0, $"reading {bytes.Length} bytes of {format}");
            var (csv, fileErrors) = HouseholdFiles.ToCsv(bytes, format, defaultCrs, table);
            if (csv is null) return (400, Rejected(fileErrors));
            bytes = Encoding.UTF8.GetBytes(csv);
        }
        progress.Report(0, $"reading {bytes.Length} bytes of CSV");
        string text;
        try { text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes); }
        catch (DecoderFallbackException e)
        {
            return Problem(400, "Invalid CSV encoding", $"the file is not valid UTF-8 (byte {e.Index}); save it as UTF-8 (GBK and others are not accepted)");
        }
        if (text.Length > 0 && text[0] == '\uFEFF') text = text[1..];
        if (text.Contains('\0')) return Problem(400, "Invalid CSV", "the file contains NUL bytes: is it a binary file?");

        var (rows, errors) = HouseholdCsv.Parse(text, defaultCrs);
        if (errors.Count > 0) return (400, Rejected(errors));
        progress.Report(10, $"{rows.Count} rows valid; writing");
        try
        {
            var result = await HouseholdImport.WriteAsync(db, rows, actor, "api", progress, ct);
            return (200, new HouseholdImportAnswer(result.Imported, result.Imported - result.UnassignedCount,
                new GridsApi.UnassignedHouseholds(result.UnassignedCount, result.UnassignedHouseholds)));
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.CheckViolation or PostgresErrorCodes.NotNullViolation)
        {
            return Problem(400, "Invalid CSV", $"a row breaks a database rule ({e.ConstraintName}); nothing was written");
        }
    }

    private static (int, object) Problem(int status, string title, string detail) => (status, Problems.Details(status, title, detail));

    /// <summary>400 with errors[] (line, field, message), the first <see cref="MaxErrorsListed"/>, and their total.</summary>
    public static ProblemDetails Rejected(IReadOnlyList<CsvError> errors)
    {
        var problem = Problems.Details(StatusCodes.Status400BadRequest, "Invalid CSV",
            $"{errors.Count} problem(s) in the file; nothing was written. First: line {errors[0].Line}, {errors[0].Field}: {errors[0].Message}");
        problem.Extensions["errorCount"] = errors.Count;
        problem.Extensions["errors"] = errors.Take(MaxErrorsListed).Select(e => new { line = e.Line, field = e.Field, message = e.Message }).ToArray();
        return problem;
    }

    private static ProblemHttpResult TooLarge() => Problems.TooLarge($"the file is larger than {MaxBytes / (1024 * 1024)} MiB; split it");
}
