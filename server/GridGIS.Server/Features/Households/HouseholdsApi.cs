using System.Globalization;
using System.Security.Claims;
using System.Text;
using GridGIS.Server.Data;
using GridGIS.Server.Features.Grids;
using GridGIS.Server.Http;
using GridGIS.Server.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace GridGIS.Server.Features.Households;

/// <summary>
/// Household-level endpoints (personal data): a grid's households as GeoJSON and CSV, one
/// household, manual moves with a reason (audited) and their history. Administrators see all; a
/// grid worker only the households of their own grids (anything else is 404). Planners and
/// officials are refused (403): they get aggregates elsewhere.
/// </summary>
internal static class HouseholdsApi
{
    public const int DefaultLimit = 1000;
    public const int MaxLimit = Layers.LayersApi.MaxLimit;   // the project-wide paging cap (10000)


    public static IEndpointRouteBuilder MapHouseholdsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").WithTags("Households").RequireAuthorization(Policies.GridWork);
        api.MapGet("/grids/{id:int}/households", ListAsync).WithSummary("The households of one grid (GeoJSON points), paged by id.");
        api.MapGet("/grids/{id:int}/households.csv", ExportAsync).Produces<string>(contentType: "text/csv").WithSummary("The households of one grid as CSV (the import format).");
        api.MapGet("/households/{id:long}", GetAsync);
        api.MapPost("/households/{id:long}/move", HouseholdMoveApi.MoveAsync).Accepts<HouseholdMoveApi.MoveRequest>("application/json")
           .WithSummary("Move a household to another grid with a reason; audited; applied once per idempotency key; 409 when it is no longer in fromGridId.");
        api.MapGet("/households/{id:long}/moves", MovesAsync).WithSummary("The manual moves of one household: who, when, from, to, why.");
        api.MapHouseholdListApi();
        app.MapHouseholdImportApi();
        return app;
    }

    private static async Task<Results<GeoJsonResult<GridHouseholds>, BadRequestProblem, NotFoundProblem>> ListAsync(ClaimsPrincipal user,
        NpgsqlDataSource db, int id, int? limit, int? offset, CancellationToken ct)
    {
        var take = limit ?? DefaultLimit;
        if (take is < 1 or > MaxLimit) return Problems.Parameter("limit", $"limit must be between 1 and {MaxLimit}, not {take}");
        if (offset is < 0) return Problems.Parameter("offset", "offset must not be negative");
        if (!await GridAccess.CanSeeGridAsync(db, user, id, ct)) return GridAccess.NotFound("grid", id);
        await using var cmd = db.CreateCommand(Sql.Get("Features/Households/ListGridHouseholds.sql"));
        cmd.Parameters.Add(new() { Value = id });
        cmd.Parameters.Add(new() { Value = take });
        cmd.Parameters.Add(new() { Value = offset ?? 0 });
        var json = (string)(await cmd.ExecuteScalarAsync(ct))!;
        await Audit.WriteAsync(db, user, "household.list", "grid", Id(id),
            new { gridId = id, count = NumberReturned(json), limit = take, offset = offset ?? 0 }, ct);
        return new GeoJsonResult<GridHouseholds>(json);
    }

    internal static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);

    /// <summary>The <c>numberReturned</c> of a FeatureCollection built by ListGridHouseholds.sql (it comes before the features).</summary>
    private static int NumberReturned(string json)
    {
        var reader = new System.Text.Json.Utf8JsonReader(Encoding.UTF8.GetBytes(json));
        while (reader.Read())
            if (reader.TokenType == System.Text.Json.JsonTokenType.PropertyName && reader.CurrentDepth == 1 && reader.ValueTextEquals("numberReturned"))
                return reader.Read() ? reader.GetInt32() : 0;
        return 0;
    }

    private static async Task<Results<FileContentHttpResult, NotFoundProblem>> ExportAsync(ClaimsPrincipal user, NpgsqlDataSource db, int id, CancellationToken ct)
    {
        if (!await GridAccess.CanSeeGridAsync(db, user, id, ct)) return GridAccess.NotFound("grid", id);
        var (csv, rows) = await ExportCsvAsync(db, id, ct);
        await Audit.WriteAsync(db, user, "household.export", "grid", Id(id), new { gridId = id, count = rows }, ct);
        return TypedResults.File(Encoding.UTF8.GetBytes(csv), "text/csv; charset=utf-8", $"grid-{id}-households.csv");
    }

    /// <summary>A grid's households in the import format (WGS84), header first, by id.</summary>
    public static async Task<(string Text, int Rows)> ExportCsvAsync(NpgsqlDataSource db, int gridId, CancellationToken ct)
    {
        var sb = new StringBuilder(HouseholdCsv.Header).Append("\r\n");
        var rows = 0;
        await using var cmd = db.CreateCommand(Sql.Get("Features/Households/ExportGridHouseholds.sql"));
        cmd.Parameters.Add(new() { Value = gridId });
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            var nats = System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, int>>(r.GetString(6)) ?? [];
            sb.Append(r.GetInt64(0).ToString(CultureInfo.InvariantCulture)).Append(',')
              .Append(CsvRecords.Field(HouseholdCsv.SafeAddress(r.IsDBNull(1) ? null : r.GetString(1)))).Append(',')
              .Append(r.GetString(2)).Append(',').Append(r.GetString(3)).Append(",WGS84,")
              .Append(r.GetInt32(4).ToString(CultureInfo.InvariantCulture)).Append(',')
              .Append(r.GetInt32(5).ToString(CultureInfo.InvariantCulture)).Append(',')
              .Append(CsvRecords.Field(HouseholdCsv.FormatNationalities(nats))).Append(',')
              .Append(r.GetString(7)).Append("\r\n");
            rows++;
        }
        return (sb.ToString(), rows);
    }

    internal sealed record Found(long Id, int? GridId, string? GridCode, string? Address, int Residents, int ForeignResidents,
        string Nationalities, double Lon, double Lat, bool Generated);

    internal static async Task<Found?> FindAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, ClaimsPrincipal user, long id, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(Sql.Get("Features/Households/FindHousehold.sql"), conn, tx);
        cmd.Parameters.Add(new() { Value = id });
        cmd.Parameters.Add(new() { Value = GridAccess.IsAdmin(user) });
        cmd.Parameters.Add(new() { Value = user.Identity?.Name ?? "" });
        await using var r = await cmd.ExecuteReaderAsync(ct);
        if (!await r.ReadAsync(ct)) return null;
        return new Found(r.GetInt64(0), r.IsDBNull(1) ? null : r.GetInt32(1), r.IsDBNull(2) ? null : r.GetString(2),
            r.IsDBNull(3) ? null : r.GetString(3), r.GetInt32(4), r.GetInt32(5), r.GetString(6), r.GetDouble(7), r.GetDouble(8), r.GetBoolean(9));
    }

    private static async Task<Results<Ok<HouseholdFeature>, NotFoundProblem>> GetAsync(ClaimsPrincipal user, NpgsqlDataSource db, long id, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        var h = await FindAsync(conn, null, user, id, ct);
        if (h is null) return GridAccess.NotFound("household", id);
        await Audit.WriteAsync(db, user, "household.read", "household", Id(id), new { gridId = h.GridId, count = 1 }, ct);
        return TypedResults.Ok(new HouseholdFeature("Feature", h.Id,
            new PointGeometry("Point", [Math.Round(h.Lon, 7), Math.Round(h.Lat, 7)]),
            new HouseholdProperties("household", h.GridId, h.GridCode, h.Address, h.Residents, h.ForeignResidents,
                System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, int>>(h.Nationalities) ?? [], h.Generated)));
    }

    private static async Task<Results<JsonTextResult<HouseholdMove[]>, NotFoundProblem>> MovesAsync(ClaimsPrincipal user, NpgsqlDataSource db, long id, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        if (await FindAsync(conn, null, user, id, ct) is null) return GridAccess.NotFound("household", id);
        await using var cmd = new NpgsqlCommand(Sql.Get("Features/Households/ListHouseholdMoves.sql"), conn)
            { Parameters = { new() { Value = id.ToString(CultureInfo.InvariantCulture) } } };
        var moves = (string)(await cmd.ExecuteScalarAsync(ct))!;
        using (var doc = System.Text.Json.JsonDocument.Parse(moves))
            await Audit.WriteAsync(db, user, "household.moves", "household", Id(id),
                new { count = doc.RootElement.ValueKind == System.Text.Json.JsonValueKind.Array ? doc.RootElement.GetArrayLength() : 0 }, ct);
        return new JsonTextResult<HouseholdMove[]>(moves);
    }
}
