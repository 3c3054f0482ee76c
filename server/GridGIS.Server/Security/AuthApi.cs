using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.BearerToken;
using GridGIS.Server.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Npgsql;

namespace GridGIS.Server.Security;

internal static class AuthApi
{
    public sealed record TokenRequest(string UserName, string Password);

    /// <summary>Who is signed in: the account and its role (administrator, planner, official, grid_worker).</summary>
    public sealed record Me(string UserName, string Role);

    public static IEndpointRouteBuilder MapAuthApi(this IEndpointRouteBuilder app)
    {
        var auth = app.MapGroup("").WithTags("Auth");
        SignInRateLimit.Apply(auth.MapPost("/api/auth/token", IssueToken))
           .AllowAnonymous() // reason: this is where a caller without a token gets one
           .Produces<AccessTokenResponse>().ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status429TooManyRequests)
           .WithSummary("Sign in with user name and password; returns a bearer token with an expiry.");
        auth.MapGet("/api/auth/me", (ClaimsPrincipal user) => TypedResults.Ok(new Me(user.Identity?.Name ?? "", user.FindFirstValue(ClaimTypes.Role) ?? "")))
           .RequireAuthorization(Policies.AnyUser);
        auth.MapPost("/api/auth/signout", async (ClaimsPrincipal user, NpgsqlDataSource db, TimeProvider clock, CancellationToken ct) =>
            {
                await TokenRevocation.RevokeAsync(db, clock, Data.Audit.Actor(user), user.Identity!.Name!, "signout", ct);
                return TypedResults.NoContent();
            })
           .RequireAuthorization(Policies.AnyUser)
           .WithSummary("Signs out everywhere: every bearer token of the caller's account issued until now stops working.");
        auth.MapPost("/api/admin/accounts/{userName}/revoke-tokens", async Task<Results<NoContent, NotFoundProblem>> (string userName, ClaimsPrincipal user,
                NpgsqlDataSource db, TimeProvider clock, CancellationToken ct) =>
                await TokenRevocation.RevokeAsync(db, clock, Data.Audit.Actor(user), userName, "revoke-tokens", ct)
                    ? TypedResults.NoContent()
                    : Problems.NotFound($"no account named '{(userName.Length > 64 ? userName[..64] : userName)}'", "userName"))
           .RequireAuthorization(Policies.Admin)
           .WithSummary("Revokes every bearer token of one account at once (e.g. a grid worker who has left); its API keys are revoked separately.");
        return app;
    }

    /// <summary>
    /// A wrong password and an unknown name get the same 401; an attempt too soon after repeated failures
    /// from this client for this name gets the same 429 with Retry-After whether the name exists or not,
    /// and even with the right password (it is not checked). Other clients are not slowed down.
    /// </summary>
    private static async Task<Results<SignInHttpResult, BadRequestProblem, ProblemHttpResult>> IssueToken(
        TokenRequest? request, HttpContext http, Accounts accounts, TimeProvider clock, CancellationToken ct)
    {
        if (request is null || string.IsNullOrWhiteSpace(request.UserName) || string.IsNullOrEmpty(request.Password))
            return Problems.Field(request is null ? "body" : string.IsNullOrWhiteSpace(request.UserName) ? "userName" : "password",
                "userName and password are required");
        var (result, role, retryAfter) = await accounts.SignInAsync(request.UserName, request.Password, SignInRateLimit.ClientOf(http), ct);
        if (result == Accounts.SignInResult.Throttled)
        {
            var seconds = SignInRateLimit.RetryAfterSeconds(retryAfter);
            http.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return Problems.Status(StatusCodes.Status429TooManyRequests, "Too many sign-in attempts",
                $"too many failed sign-ins for this user name from this address; try again in {seconds} second{(seconds == 1 ? "" : "s")}");
        }
        if (result != Accounts.SignInResult.Ok)
            return Problems.Status(StatusCodes.Status401Unauthorized, "Sign-in failed", "wrong user name or password");
        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, request.UserName.Trim()), new Claim(ClaimTypes.Role, role!), TokenRevocation.IssuedAt(clock)],
            BearerTokenDefaults.AuthenticationScheme);
        return TypedResults.SignIn(new ClaimsPrincipal(identity), authenticationScheme: BearerTokenDefaults.AuthenticationScheme);
    }
}
