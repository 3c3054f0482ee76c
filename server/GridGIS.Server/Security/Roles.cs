namespace GridGIS.Server.Security;

/// <summary>The four roles. Stored in <c>app_user.role</c>.</summary>
public static class Roles
{
    public const string Administrator = "administrator";
    public const string Planner = "planner";
    public const string Official = "official";
    public const string GridWorker = "grid_worker";

    public static readonly string[] All = [Administrator, Planner, Official, GridWorker];
}

/// <summary>
/// Authorization policies. Every endpoint declares one of these (or <c>AllowAnonymous</c>);
/// the fallback policy refuses any endpoint that declares nothing.
/// </summary>
public static class Policies
{
    /// <summary>Any signed-in role: public geography (streets, communities, facilities, network).</summary>
    public const string AnyUser = "any-user";
    /// <summary>Administrator, planner, official: aggregates only, never household points.</summary>
    public const string Analyst = "analyst";
    /// <summary>Administrator and grid worker: household-level data (a worker only in their grids).</summary>
    public const string GridWork = "grid-work";
    /// <summary>Administrator only: imports, accounts, dashboards.</summary>
    public const string Admin = "admin";

    public static void Add(Microsoft.AspNetCore.Authorization.AuthorizationOptions o)
    {
        o.AddPolicy(AnyUser, p => p.RequireRole(Roles.All));
        o.AddPolicy(Analyst, p => p.RequireRole(Roles.Administrator, Roles.Planner, Roles.Official));
        o.AddPolicy(GridWork, p => p.RequireRole(Roles.Administrator, Roles.GridWorker));
        o.AddPolicy(Admin, p => p.RequireRole(Roles.Administrator));
        // An endpoint that declares nothing is refused, not open.
        o.FallbackPolicy = new Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder()
            .RequireAssertion(_ => false).Build();
    }
}
