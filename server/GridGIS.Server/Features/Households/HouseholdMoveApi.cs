using System.Globalization;
using System.Security.Claims;
using GridGIS.Server.Data;
using GridGIS.Server.Features.Grids;
using GridGIS.Server.Http;
using GridGIS.Server.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace GridGIS.Server.Features.Households;

/// <summary>
/// A manual move of a household to another grid, with a reason, audited in the same transaction. Safe to retry
/// (issue 18: a phone keeps a move made offline and sends it until it gets an answer): a request with an
/// idempotency key already applied by the same account answers what it answered then and changes nothing; a
/// move whose household is no longer in <c>fromGridId</c> (moved by someone else meanwhile) is a 409.
/// </summary>
internal static class HouseholdMoveApi
{
    /// <param name="ToGridId">the grid to move to</param>
    /// <param name="Reason">why, 1..500 characters</param>
    /// <param name="FromGridId">the grid the caller saw the household in: when given and the household is elsewhere now, 409</param>
    /// <param name="IdempotencyKey">a UUID made by the client for this move; a retry sends the same one</param>
    public sealed record MoveRequest(int? ToGridId,
        [property: System.Text.Json.Serialization.JsonConverter(typeof(UnsafeTextChecks.MultiLineText))] string? Reason,
        int? FromGridId = null, Guid? IdempotencyKey = null);

    public static async Task<Results<Ok<HouseholdMoved>, BadRequestProblem, NotFoundProblem, ConflictProblem>> MoveAsync(HttpRequest request,
        ClaimsPrincipal user, NpgsqlDataSource db, long id, CancellationToken ct)
    {
        var (body, problem) = await JsonBody.ReadAsync<MoveRequest>(request,
            "{\"toGridId\": N, \"reason\": \"...\", \"fromGridId\": N, \"idempotencyKey\": \"UUID\"}", ct);
        if (body is null) return problem!;
        if (body.ToGridId is null) return Problems.Field("toGridId", "toGridId (the target grid's id) is required");
        var reason = body.Reason?.Trim();
        if (string.IsNullOrEmpty(reason) || reason.Length > 500) return Problems.Field("reason", "a reason of 1..500 characters is required");
        if (reason.Any(c => char.IsControl(c) && c is not ('\n' or '\t'))) return Problems.Field("reason", "reason contains control characters");
        if (body.IdempotencyKey == Guid.Empty) return Problems.Field("idempotencyKey", "idempotencyKey must be a random UUID, not the nil UUID");

        var actor = Audit.Actor(user);
        await using var conn = await db.OpenConnectionAsync(ct);
        if (body.IdempotencyKey is { } key && await ReplayAsync(conn, actor, key, ct) is { } earlier)
            return earlier.HouseholdId == id ? TypedResults.Ok(earlier)
                : Problems.Field("idempotencyKey", $"idempotencyKey was already used for household {earlier.HouseholdId}: make a new key for each move");

        await using var tx = await conn.BeginTransactionAsync(ct);
        var h = await HouseholdsApi.FindAsync(conn, tx, user, id, ct);
        if (h is null)
            // A duplicate of a move that took the household out of the caller's grids: the first answer stands.
            return body.IdempotencyKey is { } k && await ReplayAsync(conn, actor, k, ct) is { } done && done.HouseholdId == id
                ? TypedResults.Ok(done) : GridAccess.NotFound("household", id);
        string? toCode;
        await using (var grid = new NpgsqlCommand(Sql.Get("Features/Households/GetGridCode.sql"), conn, tx) { Parameters = { new() { Value = body.ToGridId.Value } } })
            toCode = await grid.ExecuteScalarAsync(ct) as string;
        if (toCode is null) return Problems.Field("toGridId", $"no grid with id {body.ToGridId}");
        // The key is claimed before the household's grid is checked: a duplicate of a move in flight waits for it here
        // and then answers what it answered, instead of finding the household already moved.
        if (body.IdempotencyKey is { } claim)
        {
            await using var insert = new NpgsqlCommand(Sql.Get("Features/Households/InsertMoveRequest.sql"), conn, tx);
            insert.Parameters.Add(new() { Value = actor });
            insert.Parameters.Add(new() { Value = claim });
            insert.Parameters.Add(new() { Value = id });
            insert.Parameters.Add(new() { Value = (object?)h.GridId ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Integer });
            insert.Parameters.Add(new() { Value = (object?)h.GridCode ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
            insert.Parameters.Add(new() { Value = body.ToGridId.Value });
            insert.Parameters.Add(new() { Value = toCode });
            insert.Parameters.Add(new() { Value = reason });
            if (await insert.ExecuteNonQueryAsync(ct) == 0)
            {
                // The same move, sent twice at once: the other request has applied it.
                await tx.RollbackAsync(ct);
                var other = await ReplayAsync(conn, actor, claim, ct);
                return other is not null && other.HouseholdId == id ? TypedResults.Ok(other)
                    : Problems.Field("idempotencyKey", "idempotencyKey was already used for another household: make a new key for each move");
            }
        }

        if (body.FromGridId is { } expected && expected != h.GridId)
            return Problems.Conflict("Conflict", $"household {id} is now in grid {h.GridCode ?? "(none)"}, not in the grid it was in when this move was made: it was moved meanwhile");
        if (h.GridId == body.ToGridId) return Problems.Field("toGridId", $"household {id} is already in grid {toCode}");

        // Only if it is still where we found it: a concurrent move makes this one fail, not overwrite.
        await using (var update = new NpgsqlCommand(Sql.Get("Features/Households/MoveHousehold.sql"), conn, tx))
        {
            update.Parameters.Add(new() { Value = id });
            update.Parameters.Add(new() { Value = body.ToGridId.Value });
            update.Parameters.Add(new() { Value = (object?)h.GridId ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Integer });
            if (await update.ExecuteNonQueryAsync(ct) != 1)
                return Problems.Conflict("Conflict", $"household {id} was moved by someone else meanwhile; reload and retry");
        }
        await Audit.WriteAsync(conn, tx, actor, "household.move", "household", id.ToString(CultureInfo.InvariantCulture),
            new { gridId = h.GridId, gridCode = h.GridCode }, new { gridId = body.ToGridId, gridCode = toCode, reason, key = body.IdempotencyKey }, ct);
        await tx.CommitAsync(ct);
        return TypedResults.Ok(new HouseholdMoved(id, h.GridId, h.GridCode, body.ToGridId, toCode, reason, actor, false));
    }

    /// <summary>The answer recorded for <paramref name="key"/> of <paramref name="actor"/>, as a replay; null when the key is new.</summary>
    private static async Task<HouseholdMoved?> ReplayAsync(NpgsqlConnection conn, string actor, Guid key, CancellationToken ct)
    {
        await using var find = new NpgsqlCommand(Sql.Get("Features/Households/FindMoveRequest.sql"), conn);
        find.Parameters.Add(new() { Value = actor });
        find.Parameters.Add(new() { Value = key });
        await using var r = await find.ExecuteReaderAsync(ct);
        if (!await r.ReadAsync(ct)) return null;
        return new HouseholdMoved(r.GetInt64(0), r.IsDBNull(1) ? null : r.GetInt32(1), r.IsDBNull(2) ? null : r.GetString(2),
            r.GetInt32(3), r.GetString(4), r.GetString(5), actor, true);
    }
}
