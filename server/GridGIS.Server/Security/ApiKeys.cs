using System.Security.Cryptography;
using System.Text;
using GridGIS.Server.Data;
using Npgsql;

namespace GridGIS.Server.Security;

/// <summary>
/// API keys for scripts, in <c>api_key</c>. A key reads <c>ggk_XXXXXXXX_SECRET</c>: the prefix
/// (<c>ggk_XXXXXXXX</c>) is stored in clear to find and name the key, the whole key only as a SHA-256
/// hash. A key carries 192 random bits, so a fast hash suffices (unlike passwords, which get PBKDF2).
/// A key acts as its account, with the account's current role; revoking it takes effect at once.
/// Every create and revoke writes an audit row; no key or hash ever goes into the log.
/// </summary>
internal static class ApiKeys
{
    public const string Header = "X-Api-Key";
    private const string Scheme = "ggk_";

    public sealed record Created(string Key, string Prefix, string UserName, string Label, DateTime CreatedAt);
    public sealed record Info(string Prefix, string UserName, string Label, DateTime CreatedAt, DateTime? LastUsedAt, DateTime? RevokedAt);

    /// <summary>Creates a key for <paramref name="userName"/>; the key itself is returned only here, once.</summary>
    public static async Task<Created?> CreateAsync(NpgsqlDataSource db, string actor, string userName, string label, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(userName);
        ArgumentNullException.ThrowIfNull(label);
        var prefix = Scheme + PasswordHash.NewSecret(6);
        var key = $"{prefix}_{PasswordHash.NewSecret(24)}";
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        await using var cmd = new NpgsqlCommand(Sql.Get("Security/CreateApiKey.sql"), conn, tx);
        cmd.Parameters.Add(new() { Value = userName });
        cmd.Parameters.Add(new() { Value = prefix });
        cmd.Parameters.Add(new() { Value = Hash(key) });
        cmd.Parameters.Add(new() { Value = label });
        DateTime createdAt;
        try
        {
            await using var r = await cmd.ExecuteReaderAsync(ct);
            await r.ReadAsync(ct);
            createdAt = r.GetFieldValue<DateTime>(1);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.ForeignKeyViolation)
        {
            return null; // no such account
        }
        await Audit.WriteAsync(conn, tx, actor, "create", "api_key", prefix, null, new { prefix, userName, label }, ct);
        await tx.CommitAsync(ct);
        return new Created(key, prefix, userName, label, createdAt);
    }

    /// <summary>Revokes the live key with <paramref name="prefix"/>; false when there is none.</summary>
    public static async Task<bool> RevokeAsync(NpgsqlDataSource db, string actor, string prefix, CancellationToken ct = default)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        await using var cmd = new NpgsqlCommand(Sql.Get("Security/RevokeApiKey.sql"), conn, tx) { Parameters = { new() { Value = prefix } } };
        string userName, label;
        await using (var r = await cmd.ExecuteReaderAsync(ct))
        {
            if (!await r.ReadAsync(ct)) return false;
            userName = r.GetString(0); label = r.GetString(1);
        }
        await Audit.WriteAsync(conn, tx, actor, "revoke", "api_key", prefix, new { prefix, userName, label, revoked = false },
            new { prefix, userName, label, revoked = true }, ct);
        await tx.CommitAsync(ct);
        return true;
    }

    public static async Task<List<Info>> ListAsync(NpgsqlDataSource db, string? userName, CancellationToken ct = default)
    {
        await using var cmd = db.CreateCommand(Sql.Get("Security/ListApiKeys.sql"));
        cmd.Parameters.Add(new() { Value = (object?)userName ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        var list = new List<Info>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
            list.Add(new Info(r.GetString(0), r.GetString(1), r.GetString(2), r.GetFieldValue<DateTime>(3),
                r.IsDBNull(4) ? null : r.GetFieldValue<DateTime>(4), r.IsDBNull(5) ? null : r.GetFieldValue<DateTime>(5)));
        return list;
    }

    /// <summary>The account (user name, role) behind a presented key, or null if the key is unknown, revoked or malformed.</summary>
    public static async Task<(string UserName, string Role)?> VerifyAsync(NpgsqlDataSource db, string presented, CancellationToken ct = default)
    {
        var prefix = PrefixOf(presented);
        if (prefix is null) return null;
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var cmd = new NpgsqlCommand(Sql.Get("Security/FindApiKey.sql"), conn) { Parameters = { new() { Value = prefix } } };
        string hash, userName, role;
        await using (var r = await cmd.ExecuteReaderAsync(ct))
        {
            if (!await r.ReadAsync(ct)) return null;
            hash = r.GetString(0); userName = r.GetString(1); role = r.GetString(2);
        }
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(hash), Encoding.ASCII.GetBytes(Hash(presented)))) return null;
        await using var touch = new NpgsqlCommand(Sql.Get("Security/TouchApiKey.sql"), conn) { Parameters = { new() { Value = prefix } } };
        await touch.ExecuteNonQueryAsync(ct);
        return (userName, role);
    }

    /// <summary>The prefix part of a key (<c>ggk_XXXXXXXX</c>), or null if the text is not shaped like a key.</summary>
    public static string? PrefixOf(string key)
    {
        if (key.Length is < 20 or > 100 || !key.StartsWith(Scheme, StringComparison.Ordinal)) return null;
        const int end = 12; // "ggk_" + 8 characters; those may themselves contain '_' or '-'
        return key[end] == '_' ? key[..end] : null;
    }

    private static string Hash(string key) => "sha256$" + Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
}
