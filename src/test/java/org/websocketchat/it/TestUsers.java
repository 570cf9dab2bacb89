package org.websocketchat.it;

import java.util.List;

/**
 * The users every test profile's container knows, each in that container's own user store: the
 * embedded Tomcats' realm ({@link LoopbackTomcat}), Jetty's {@code HashLoginService}, WildFly's
 * application users, Open Liberty's {@code basicRegistry}, and the file realm of GlassFish and
 * Payara (docs/containers.md, "Sign-in"). Any change here must be made in each of those too.
 */
enum TestUsers {

    ANA("ana", "AnaSecret2026x", List.of("chat-user")),
    MO("mo", "MoSecret2026x", List.of("chat-user", "chat-moderator"));

    final String user;
    final String password;
    final List<String> roles;

    TestUsers(String user, String password, List<String> roles) {
        this.user = user;
        this.password = password;
        this.roles = roles;
    }
}
