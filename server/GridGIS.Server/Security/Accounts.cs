using System.Globalization;
using GridGIS.Server.Data;
using Npgsql;

namespace GridGIS.Server.Security;

/// <summary>
/// Accounts in <c>app_user</c>: sign-in with the delays of <see cref="SignInRateLimit"/> per (user name,
/// client address). A wrong password and an unknown name answer alike (same result, and the same hashing
/// work); a throttled attempt answers alike whether the name exists or not. Every attempt is audited
/// (<c>signin</c>, <c>signin.failed</c>, <c>signin.throttled</c>, <c>signin.alert</c>).
/// </summary>
internal sealed class Accounts(NpgsqlDataSource db, TimeProvider clock, SignInRateLimit limits, ILogger<Accounts> log)
{
    // A hash of nothing in particular, with the real iteration count: an unknown name costs a real check.
    private const string DummyHash = "pbkdf2-sha256$210000$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";

    public enum SignInResult { Ok, Wrong, Throttled }

    /// <summary>What a sign-in attempt came to; <see cref="RetryAfter"/> is how long a throttled client must wait.</summary>
    public sealed record SignInOutcome(SignInResult Result, string? Role, TimeSpan RetryAfter);

    public async Task<SignInOutcome> SignInAsync(string userName, string password, string client, CancellationToken ct)
    {
        userName = userName.Trim();
        var key = ThrottleKey(userName);
        var now = clock.GetUtcNow();
        await using var conn = await db.OpenConnectionAsync(ct);

        await using (var get = new NpgsqlCommand(Sql.Get("Security/GetSignInFailures.sql"), conn))
        {
            get.Parameters.Add(new() { Value = key });
            get.Parameters.Add(new() { Value = client });
            await using var r = await get.ExecuteReaderAsync(ct);
            if (await r.ReadAsync(ct))
            {
                var last = r.GetFieldValue<DateTimeOffset>(1);
                var wait = last + limits.Delay(r.GetInt32(0)) - now;
                if (last >= now - SignInRateLimit.ForgetAfter && wait > TimeSpan.Zero)
                {
                    await r.DisposeAsync();
                    await AuditAsync(conn, null, "signin.throttled", key, new { client, retryAfterSeconds = SignInRateLimit.RetryAfterSeconds(wait) }, ct);
                    return new SignInOutcome(SignInResult.Throttled, null, wait);
                }
            }
        }

        string? role = null, hash = null;
        await using (var find = new NpgsqlCommand(Sql.Get("Security/FindAccountForSignIn.sql"), conn))
        {
            find.Parameters.Add(new() { Value = userName });
            await using var r = await find.ExecuteReaderAsync(ct);
            if (await r.ReadAsync(ct)) (role, hash) = (r.GetString(0), r.GetString(1));
        }
        var ok = PasswordHash.Verify(password, hash ?? DummyHash) && hash is not null;

        await using var tx = await conn.BeginTransactionAsync(ct);
        if (ok)
        {
            await using (var clear = new NpgsqlCommand(Sql.Get("Security/ClearSignInFailures.sql"), conn, tx))
            {
                clear.Parameters.Add(new() { Value = key });
                clear.Parameters.Add(new() { Value = client });
                await clear.ExecuteNonQueryAsync(ct);
            }
            await AuditAsync(conn, tx, "signin", key, new { client }, ct, actor: userName);
            await tx.CommitAsync(ct);
            return new SignInOutcome(SignInResult.Ok, role, TimeSpan.Zero);
        }

        int failures;
        await using (var record = new NpgsqlCommand(Sql.Get("Security/RecordSignInFailure.sql"), conn, tx))
        {
            record.Parameters.Add(new() { Value = key });
            record.Parameters.Add(new() { Value = client });
            record.Parameters.Add(new() { Value = now });
            record.Parameters.Add(new() { Value = now - SignInRateLimit.ForgetAfter });
            failures = (int)(await record.ExecuteScalarAsync(ct))!;
        }
        // Whether the account exists is recorded for administrators; the caller's answer never shows it.
        await AuditAsync(conn, tx, "signin.failed", key, new { client, failures, account = hash is not null }, ct);
        if (failures == 1) await AlertIfManyClientsAsync(conn, tx, key, now, ct);
        await using (var prune = new NpgsqlCommand(Sql.Get("Security/PruneSignInFailures.sql"), conn, tx))
        {
            prune.Parameters.Add(new() { Value = now - SignInRateLimit.ForgetAfter });
            await prune.ExecuteNonQueryAsync(ct);
        }
        await tx.CommitAsync(ct);
        return new SignInOutcome(SignInResult.Wrong, null, limits.Delay(failures));
    }

    /// <summary>A name failing from many addresses is someone guessing from many machines: the delays per client
    /// do not stop that, so say so once per new client beyond the threshold.</summary>
    private async Task AlertIfManyClientsAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string key, DateTimeOffset now, CancellationToken ct)
    {
        await using var count = new NpgsqlCommand(Sql.Get("Security/CountSignInFailureClients.sql"), conn, tx);
        count.Parameters.Add(new() { Value = key });
        count.Parameters.Add(new() { Value = now - SignInRateLimit.AlertWindow });
        int clients, failures;
        await using (var r = await count.ExecuteReaderAsync(ct))
        {
            await r.ReadAsync(ct);
            (clients, failures) = (r.GetInt32(0), r.GetInt32(1));
        }
        if (clients < limits.AlertClients) return;
        log.LogWarning("failed sign-ins as {UserName} from {Clients} client addresses ({Failures} failures) in the last {Minutes} minutes: someone may be guessing its password",
            key, clients, failures, SignInRateLimit.AlertWindow.TotalMinutes);
        await AuditAsync(conn, tx, "signin.alert", key, new { clients, failures, windowMinutes = SignInRateLimit.AlertWindow.TotalMinutes }, ct);
    }

    private static Task AuditAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, string action, string key, object after, CancellationToken ct,
        string actor = "anonymous") =>
        Audit.WriteAsync(conn, tx, actor, action, "app_user", key, null, after, ct);

    /// <summary>The name the delays are kept under: trimmed, lower-cased (names are lower-case, so "Admin"
    /// and "admin" share one count), at most 64 characters (longer names cannot exist).</summary>
    internal static string ThrottleKey(string userName)
    {
        var key = userName.Trim().ToLower(CultureInfo.InvariantCulture);
        return key.Length <= 64 ? key : key[..64];
    }

    /// <summary>Creates or replaces an account's password and role; a replaced account's bearer tokens stop working.</summary>
    public static async Task UpsertAsync(NpgsqlDataSource db, string userName, string role, string password, CancellationToken ct = default)
    {
        if (!Roles.All.Contains(role)) throw new ArgumentOutOfRangeException(nameof(role), role, "unknown role");
        if (PasswordStrength.Problem(password, userName) is { } weak) throw new ArgumentException(weak, nameof(password));
        await using var cmd = db.CreateCommand(Sql.Get("Security/UpsertAccount.sql"));
        cmd.Parameters.Add(new() { Value = userName });
        cmd.Parameters.Add(new() { Value = role });
        cmd.Parameters.Add(new() { Value = PasswordHash.Hash(password) });
        await cmd.ExecuteNonQueryAsync(ct);
        await using var clear = db.CreateCommand(Sql.Get("Security/ClearAccountSignInFailures.sql"));
        clear.Parameters.Add(new() { Value = userName });
        await clear.ExecuteNonQueryAsync(ct);
    }
}
