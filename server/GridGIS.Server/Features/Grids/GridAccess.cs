using System.Security.Claims;
using GridGIS.Server.Data;
using GridGIS.Server.Security;
using Npgsql;

namespace GridGIS.Server.Features.Grids;

/// <summary>
/// Who may see which grid's households: administrators every grid; a grid worker only the grids
/// whose worker is linked to their sign-in (<c>grid_worker.user_name</c>); nobody else. A grid the
/// caller may not see is answered as if it did not exist (404), so ids do not leak.
/// </summary>
internal static class GridAccess
{
    public static bool IsAdmin(ClaimsPrincipal user) => user.IsInRole(Roles.Administrator);

    /// <summary>True when the grid exists and the caller may see its households.</summary>
    public static async Task<bool> CanSeeGridAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, ClaimsPrincipal user, int gridId, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(Sql.Get("Features/Grids/CanSeeGrid.sql"), conn, tx);
        cmd.Parameters.Add(new() { Value = gridId });
        cmd.Parameters.Add(new() { Value = IsAdmin(user) });
        cmd.Parameters.Add(new() { Value = user.Identity?.Name ?? "" });
        return (bool)(await cmd.ExecuteScalarAsync(ct))!;
    }

    public static async Task<bool> CanSeeGridAsync(NpgsqlDataSource db, ClaimsPrincipal user, int gridId, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await CanSeeGridAsync(conn, null, user, gridId, ct);
    }

    /// <summary>404 for a grid or household the caller may not see, worded as for one that does not exist.</summary>
    public static Http.NotFoundProblem NotFound(string what, object id) =>
        Http.Problems.NotFound($"no {what} with id {id} (or not one of your grids)", "id");
}
