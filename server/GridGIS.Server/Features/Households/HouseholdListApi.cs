using System.Security.Claims;
using System.Text;
using System.Text.Json;
using GridGIS.Core.Grids;
using GridGIS.Server.Data;
using GridGIS.Server.Features.Grids;
using GridGIS.Server.Http;
using GridGIS.Server.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace GridGIS.Server.Features.Households;

/// <summary>
/// The household list of the worker's view (issue 18): every household the caller may see (a grid worker: the
/// households of their own grids; an administrator: all, households in no grid too), searchable by id or address,
/// sortable, paged by keyset so that any number of households pages through without a cut, with the total. And
/// the worker's own load per grid. Personal data: audited like the other household reads.
/// </summary>
internal static class HouseholdListApi
{
    public const int DefaultLimit = 100;

    /// <summary>What the list is sorted by; ties are broken by household id.</summary>
    internal enum HouseholdSort { Grid, Id, Address, Residents, ForeignResidents }

    /// <summary>Ascending or descending.</summary>
    internal enum SortDirection { Asc, Desc }

    public static RouteGroupBuilder MapHouseholdListApi(this RouteGroupBuilder api)
    {
        api.MapGet("/households", ListAsync).LimitAsExpensive()
           .WithSummary("The households the caller may see (a worker: own grids; an administrator: all), searchable (q: id or address), sorted, paged by cursor (next), with the total.");
        api.MapGet("/viewer/my-workload", WorkloadAsync).WithTags("Viewer")
           .WithSummary("The signed-in grid worker's grids with their households, residents and foreign residents, and whether the load is over the limit.");
        return api;
    }

    private sealed record Cursor(string Sort, string Dir, string Text, long Number, long Id);

    private static async Task<Results<Ok<HouseholdPage>, BadRequestProblem, NotFoundProblem>> ListAsync(ClaimsPrincipal user, NpgsqlDataSource db,
        string? q, string? sort, string? dir, int? grid, int? limit, string? cursor, CancellationToken ct)
    {
        if (!EnumText.TryParse(sort, HouseholdSort.Grid, out var by)) return EnumText.BadParameter<HouseholdSort>("sort", sort);
        if (!EnumText.TryParse(dir, SortDirection.Asc, out var direction)) return EnumText.BadParameter<SortDirection>("dir", dir);
        var take = limit ?? DefaultLimit;
        if (take is < 1 or > HouseholdsApi.MaxLimit) return Problems.Parameter("limit", $"limit must be between 1 and {HouseholdsApi.MaxLimit}, not {take}");
        var search = q?.Trim() ?? "";
        if (search.Length > 300) return Problems.Parameter("q", "q (an id or part of an address) is at most 300 characters");
        if (search.Any(char.IsControl)) return Problems.Parameter("q", "q contains control characters");
        var after = cursor is null ? null : Decode(cursor);
        if (cursor is not null && (after is null || after.Sort != EnumText.Name(by) || after.Dir != EnumText.Name(direction)))
            return Problems.Parameter("cursor", "cursor is not one this list gave for this sort and direction: start again without it");

        // A grid the caller may not see is answered as the other household endpoints answer it: as if it did not exist.
        if (grid is { } only && !await GridAccess.CanSeeGridAsync(db, user, only, ct)) return GridAccess.NotFound("grid", only);
        var admin = GridAccess.IsAdmin(user);
        var name = user.Identity?.Name ?? "";
        var pattern = search.Length == 0 ? null : "%" + search.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_") + "%";
        long? searchId = long.TryParse(search, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : null;

        await using var conn = await db.OpenConnectionAsync(ct);
        long total;
        await using (var count = new NpgsqlCommand(Sql.Get("Features/Households/CountHouseholds.sql"), conn))
        {
            count.Parameters.Add(new() { Value = admin });
            count.Parameters.Add(new() { Value = name });
            count.Parameters.Add(Nullable(pattern, NpgsqlTypes.NpgsqlDbType.Text));
            count.Parameters.Add(Nullable(searchId, NpgsqlTypes.NpgsqlDbType.Bigint));
            count.Parameters.Add(Nullable(grid, NpgsqlTypes.NpgsqlDbType.Integer));
            total = (long)(await count.ExecuteScalarAsync(ct))!;
        }
        var rows = new List<HouseholdListItem>(Math.Min(take, 1000));
        string? lastText = null;
        long lastNumber = 0;
        await using (var list = new NpgsqlCommand(Sql.Get("Features/Households/ListHouseholds.sql"), conn))
        {
            list.Parameters.Add(new() { Value = admin });
            list.Parameters.Add(new() { Value = name });
            list.Parameters.Add(Nullable(pattern, NpgsqlTypes.NpgsqlDbType.Text));
            list.Parameters.Add(Nullable(searchId, NpgsqlTypes.NpgsqlDbType.Bigint));
            list.Parameters.Add(new() { Value = EnumText.Name(by) });
            list.Parameters.Add(new() { Value = direction == SortDirection.Desc });
            list.Parameters.Add(new() { Value = after is not null });
            list.Parameters.Add(new() { Value = after?.Text ?? "" });
            list.Parameters.Add(new() { Value = after?.Number ?? 0L });
            list.Parameters.Add(new() { Value = after?.Id ?? 0L });
            list.Parameters.Add(new() { Value = take });
            list.Parameters.Add(Nullable(grid, NpgsqlTypes.NpgsqlDbType.Integer));
            await using var r = await list.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
            {
                var nationalities = JsonSerializer.Deserialize<Dictionary<string, int>>(r.GetString(6)) ?? [];
                rows.Add(new HouseholdListItem(r.GetInt64(0), r.IsDBNull(1) ? null : r.GetInt32(1), r.IsDBNull(2) ? null : r.GetString(2),
                    r.IsDBNull(3) ? null : r.GetString(3), r.GetInt32(4), r.GetInt32(5), nationalities, Languages(nationalities),
                    Math.Round(r.GetDouble(7), 7), Math.Round(r.GetDouble(8), 7), r.GetBoolean(9)));
                lastText = r.GetString(10);
                lastNumber = r.GetInt64(11);
            }
        }
        var next = rows.Count == take && lastText is not null
            ? Encode(new Cursor(EnumText.Name(by), EnumText.Name(direction), lastText, lastNumber, rows[^1].Id)) : null;
        await Audit.WriteAsync(db, user, "household.list", grid is null ? "household" : "grid", grid is { } g ? HouseholdsApi.Id(g) : "all",
            new { count = rows.Count, total, q = search.Length == 0 ? null : search, sort = EnumText.Name(by), gridId = grid }, ct);
        return TypedResults.Ok(new HouseholdPage(total, rows.Count, next, rows));
    }

    private static NpgsqlParameter Nullable(object? value, NpgsqlTypes.NpgsqlDbType type) =>
        new() { Value = value ?? DBNull.Value, NpgsqlDbType = type };

    /// <summary>The languages of a household's nationalities (<see cref="NationalityLanguages"/>), each once, most persons first.</summary>
    internal static IReadOnlyList<string> Languages(Dictionary<string, int> nationalities) =>
        nationalities.OrderByDescending(x => x.Value).ThenBy(x => x.Key, StringComparer.Ordinal)
            .SelectMany(x => NationalityLanguages.Of(x.Key)).Distinct().ToList();

    private static string Encode(Cursor c) =>
        Convert.ToBase64String(JsonSerializer.SerializeToUtf8Bytes(c)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static Cursor? Decode(string text)
    {
        if (text.Length is 0 or > 2000) return null;
        var b64 = text.Replace('-', '+').Replace('_', '/');
        b64 += new string('=', (4 - b64.Length % 4) % 4);
        var bytes = new byte[b64.Length];
        if (!Convert.TryFromBase64String(b64, bytes, out var written)) return null;
        try { return JsonSerializer.Deserialize<Cursor>(Encoding.UTF8.GetString(bytes, 0, written)); }
        catch (JsonException) { return null; }
    }

    private static async Task<Ok<OwnWorkload>> WorkloadAsync(ClaimsPrincipal user, NpgsqlDataSource db, IConfiguration config, CancellationToken ct)
    {
        var limit = config.GetValue("Grids:Workload:HouseholdLimit", WorkloadBalance.DefaultHouseholdLimit);
        await using var cmd = db.CreateCommand(Sql.Get("Features/Households/SummarizeOwnGrids.sql"));
        cmd.Parameters.Add(new() { Value = user.Identity?.Name ?? "" });
        var grids = new List<OwnGridLoad>();
        await using (var r = await cmd.ExecuteReaderAsync(ct))
            while (await r.ReadAsync(ct))
                grids.Add(new OwnGridLoad(r.GetInt32(0), r.GetString(1), r.IsDBNull(2) ? null : r.GetString(2), r.GetInt64(3), r.GetInt64(4), r.GetInt64(5),
                    r.GetInt64(3) > limit));
        var households = grids.Sum(g => g.Households);
        return TypedResults.Ok(new OwnWorkload(limit, households, grids.Sum(g => g.Residents), grids.Sum(g => g.ForeignResidents), households > limit, grids));
    }
}
