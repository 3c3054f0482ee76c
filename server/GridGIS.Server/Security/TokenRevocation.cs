using System.Globalization;
using System.Security.Claims;
using GridGIS.Server.Data;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Npgsql;

namespace GridGIS.Server.Security;

/// <summary>
/// Bearer tokens that can be taken back before they expire. Every token carries the moment it was
/// issued (<see cref="IssuedAtClaim"/>, Unix milliseconds); on every request a token is refused (401)
/// when its account no longer exists, its role is no longer the token's, or it was issued before the
/// account's <c>tokens_valid_after</c>, which sign-out, an administrator's revoke, and a password or
/// role change set to now. One primary-key lookup per request made with a bearer token; API keys
/// have their own revocation (<see cref="ApiKeys"/>).
/// </summary>
internal static class TokenRevocation
{
    public const string IssuedAtClaim = "gridgis:iat";

    public static Claim IssuedAt(TimeProvider clock) =>
        new(IssuedAtClaim, clock.GetUtcNow().ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture), ClaimValueTypes.Integer64);

    /// <summary>Refuses revoked bearer tokens before authorization runs.</summary>
    public static void UseTokenRevocation(this WebApplication app)
    {
        app.Use(async (http, next) =>
        {
            if (http.User.Identity is { IsAuthenticated: true, AuthenticationType: BearerTokenDefaults.AuthenticationScheme })
            {
                var db = http.RequestServices.GetRequiredService<NpgsqlDataSource>();
                if (await RefusalAsync(db, http.User, http.RequestAborted) is { } why)
                {
                    http.Response.Headers.WWWAuthenticate = "Bearer error=\"invalid_token\"";
                    await Http.Problems.Status(StatusCodes.Status401Unauthorized, "Token revoked", $"{why}; sign in again").ExecuteAsync(http);
                    return;
                }
            }
            await next(http);
        });
    }

    /// <summary>Why the token of <paramref name="user"/> is no longer good, or null when it is.</summary>
    public static async Task<string?> RefusalAsync(NpgsqlDataSource db, ClaimsPrincipal user, CancellationToken ct)
    {
        var name = user.Identity?.Name;
        if (!long.TryParse(user.FindFirstValue(IssuedAtClaim), NumberStyles.Integer, CultureInfo.InvariantCulture, out var issued))
            return "the token does not say when it was issued (issued by an older version)";
        await using var cmd = db.CreateCommand(Sql.Get("Security/GetTokenState.sql"));
        cmd.Parameters.Add(new() { Value = name ?? "" });
        await using var r = await cmd.ExecuteReaderAsync(ct);
        if (!await r.ReadAsync(ct)) return $"account '{name}' no longer exists";
        if (r.GetString(0) != user.FindFirstValue(ClaimTypes.Role)) return $"the role of '{name}' has changed";
        if (!r.IsDBNull(1) && issued < r.GetFieldValue<DateTimeOffset>(1).ToUnixTimeMilliseconds())
            return "the token was revoked (sign-out, an administrator's revoke, or a password change)";
        return null;
    }

    /// <summary>Revokes every bearer token of <paramref name="userName"/> issued until now; false when there is no such account.</summary>
    /// <param name="clock">the same clock that stamps tokens when they are issued (<see cref="IssuedAt"/>)</param>
    public static async Task<bool> RevokeAsync(NpgsqlDataSource db, TimeProvider clock, string actor, string userName, string why, CancellationToken ct = default)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        await using var cmd = new NpgsqlCommand(Sql.Get("Security/RevokeTokens.sql"), conn, tx) { Parameters = { new() { Value = userName }, new() { Value = clock.GetUtcNow() } } };
        if (await cmd.ExecuteScalarAsync(ct) is not DateTime at) return false;
        await Audit.WriteAsync(conn, tx, actor, why, "app_user", userName, null, new { userName, tokensValidAfter = at }, ct);
        await tx.CommitAsync(ct);
        return true;
    }
}
