package io.primesync.local.procore;

import io.primesync.local.http.Reply;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The routes of the simulated API, each a method and a path template (after {@code /rest/v1.0}) whose {@code {id}}
 * segments stand for Procore's integer ids; each resource adds its own. A route's name ({@code "GET /projects/{id}"})
 * is what the request log counts by.
 */
final class SimRoutes {
    private static final Pattern ID = Pattern.compile("[0-9]{1,18}");

    interface Action {
        Reply run(SimCall call);
    }

    record Route(String method, String template, Action action) {
        String name() {
            return method + " " + template;
        }
    }

    /** A route found for a request, with the ids its path holds. */
    record Match(Route route, List<Long> ids) {}

    private final List<Route> routes = new ArrayList<>();

    SimRoutes add(String method, String template, Action action) {
        routes.add(new Route(method, template, action));
        return this;
    }

    /** The route of a method and path (after {@code /rest/v1.0}), or null. */
    Match find(String method, String path) {
        String[] given = segments(path);
        for (Route route : routes) {
            if (!route.method().equals(method)) {
                continue;
            }
            String[] wanted = segments(route.template());
            List<Long> ids = matches(wanted, given);
            if (ids != null) {
                return new Match(route, ids);
            }
        }
        return null;
    }

    private static String[] segments(String path) {
        return path.substring(1).split("/", -1);
    }

    private static List<Long> matches(String[] wanted, String[] given) {
        if (wanted.length != given.length) {
            return null;
        }
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < wanted.length; i++) {
            if (!wanted[i].equals("{id}")) {
                if (!wanted[i].equals(given[i])) {
                    return null;
                }
            } else if (ID.matcher(given[i]).matches()) {
                ids.add(Long.parseLong(given[i]));
            } else {
                return null;
            }
        }
        return ids;
    }
}
