using GridGIS.Server.Data;
using Npgsql;

namespace GridGIS.Server.Security;

/// <summary>Accounts in <c>app_user</c>: sign-in with lock-out after repeated failures.</summary>
internal sealed class Accounts(NpgsqlDataSource db, TimeProvider clock)
{
    public const int MaxFailures = 5;
    public static readonly TimeSpan LockOut = TimeSpan.FromMinutes(15);

    public enum SignInResult { Ok, Wrong, Locked }

    public async Task<(SignInResult Result, string? Role)> SignInAsync(string userName, string password, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var cmd = new NpgsqlCommand(Sql.Get("Security/FindAccount.sql"), conn)
            { Parameters = { new() { Value = userName } } };
        string role, hash; DateTime? lockedUntil;
        await using (var r = await cmd.ExecuteReaderAsync(ct))
        {
            if (!await r.ReadAsync(ct))
            {
                // Same work as a real check, so that timing does not reveal which names exist.
                PasswordHash.Verify(password, "pbkdf2-sha256$210000$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=");
                return (SignInResult.Wrong, null);
            }
            role = r.GetString(0); hash = r.GetString(1);
            lockedUntil = r.IsDBNull(3) ? null : r.GetFieldValue<DateTime>(3);
        }
        var now = clock.GetUtcNow().UtcDateTime;
        if (lockedUntil is { } until && until > now) return (SignInResult.Locked, null);
        if (PasswordHash.Verify(password, hash))
        {
            await using var ok = new NpgsqlCommand(Sql.Get("Security/ClearFailedSignIns.sql"), conn)
                { Parameters = { new() { Value = userName } } };
            await ok.ExecuteNonQueryAsync(ct);
            return (SignInResult.Ok, role);
        }
        await using var bad = new NpgsqlCommand(Sql.Get("Security/CountFailedSignIn.sql"), conn)
            { Parameters = { new() { Value = userName }, new() { Value = MaxFailures }, new() { Value = now + LockOut } } };
        await bad.ExecuteNonQueryAsync(ct);
        return (SignInResult.Wrong, null);
    }

    /// <summary>Creates or replaces an account's password and role; a replaced account's bearer tokens stop working.</summary>
    public static async Task UpsertAsync(NpgsqlDataSource db, string userName, string role, string password, CancellationToken ct = default)
    {
        if (!Roles.All.Contains(role)) throw new ArgumentOutOfRangeException(nameof(role), role, "unknown role");
        await using var cmd = db.CreateCommand(Sql.Get("Security/UpsertAccount.sql"));
        cmd.Parameters.Add(new() { Value = userName });
        cmd.Parameters.Add(new() { Value = role });
        cmd.Parameters.Add(new() { Value = PasswordHash.Hash(password) });
        await cmd.ExecuteNonQueryAsync(ct);
    }
}
