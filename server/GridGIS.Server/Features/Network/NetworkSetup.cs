using Microsoft.Extensions.DependencyInjection.Extensions;

namespace GridGIS.Server.Features.Network;

/// <summary>Services of the walking network, for the web server and the worker-only host alike.</summary>
internal static class NetworkSetup
{
    /// <summary>The process's one <see cref="WalkNetworkStore"/> (idempotent: features that need it each ask for it).</summary>
    public static IServiceCollection AddWalkNetwork(this IServiceCollection services)
    {
        services.TryAddSingleton<WalkNetworkStore>();
        return services;
    }
}
