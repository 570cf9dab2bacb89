package org.websocketchat.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BenchOptionsTest {

    @Test
    void loadWithOneStartedNodeRunsBesideTheExampleThreeRounds() {
        BenchOptions options = BenchOptions.parse("mode=", "peer=", "rounds=");
        assertEquals(BenchOptions.Peer.EXAMPLES, options.peer());
        assertEquals(3, options.rounds());
    }

    @Test
    void peerNoneSkipsTheExample() {
        assertEquals(BenchOptions.Peer.NONE, BenchOptions.parse("peer=none").peer());
    }

    @Test
    void idleTwoNodesAndUrlHaveNoPeerByDefault() {
        assertEquals(BenchOptions.Peer.NONE, BenchOptions.parse("mode=idle").peer());
        assertEquals(BenchOptions.Peer.NONE, BenchOptions.parse("mode=crowd").peer());
        assertEquals(BenchOptions.Peer.NONE, BenchOptions.parse("nodes=2").peer());
        assertEquals(BenchOptions.Peer.NONE, BenchOptions.parse("url=ws://127.0.0.1:8080/websocket-chat/chat").peer());
    }

    @Test
    void peerExamplesIsRefusedBesideACrowdTwoNodesOrUrlAndTakenInIdleMode() {
        assertEquals(BenchOptions.Peer.EXAMPLES, BenchOptions.parse("mode=idle", "peer=examples").peer());
        for (String other : new String[] {"mode=crowd", "nodes=2", "url=ws://127.0.0.1:8080/websocket-chat/chat"}) {
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                    () -> BenchOptions.parse("peer=examples", other));
            assertTrue(refused.getMessage().contains("peer=none"), refused.getMessage());
        }
    }

    @Test
    void roundsAreRefusedInIdleAndCrowdMode() {
        assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse("mode=idle", "rounds=2"));
        assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse("mode=crowd", "rounds=2"));
    }

    @Test
    void crowdModeHoldsTenThousandOverEightHttpClientsForAMinute() {
        BenchOptions crowd = BenchOptions.parse("mode=crowd", "clients=", "hold=", "connect-rate=", "http-clients=");
        assertEquals(10_000, crowd.clients());
        assertEquals(60, crowd.hold());
        assertEquals(1_000, crowd.connectRate());
        assertEquals(8, crowd.httpClients());
        BenchOptions load = BenchOptions.parse();
        assertEquals(200, load.clients());
        assertEquals(40, load.hold());
        assertEquals(1, load.httpClients());
    }

    @Test
    void connectRateAndTheRampItGivesAreBounded() {
        assertEquals(5_000, BenchOptions.parse("connect-rate=5000").connectRate());
        assertEquals(20_000, BenchOptions.parse("clients=20000", "connect-rate=34").clients());
        assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse("connect-rate=0"));
        assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse("connect-rate=5001"));
        assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse("clients=20000", "connect-rate=33"));
        assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse("mode=crowd", "clients=20001"));
    }

    @Test
    void roundsTimesSecondsIsBounded() {
        assertEquals(2, BenchOptions.parse("rounds=2", "seconds=300").rounds());
        assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse("rounds=3", "seconds=300"));
        assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse("rounds=11", "seconds=1"));
        assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse("rounds=0"));
    }

    @Test
    void theContainerIsTomcatUnlessGivenAndAnotherOneStartsOneNodeBesideItsOwnExample() {
        assertEquals(BenchOptions.Container.TOMCAT, BenchOptions.parse("container=").container());
        BenchOptions jetty = BenchOptions.parse("container=jetty12");
        assertEquals(BenchOptions.Container.JETTY12, jetty.container());
        assertEquals(BenchOptions.Peer.EXAMPLES, jetty.peer());
        assertEquals(BenchOptions.Container.WILDFLY, BenchOptions.parse("container=WildFly").container());
        assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse("container=glassfish"));
        for (String other : new String[] {"nodes=2", "url=ws://127.0.0.1:8080/websocket-chat/chat"}) {
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                    () -> BenchOptions.parse("container=wildfly", other));
            assertTrue(refused.getMessage().contains("one server of its own"), refused.getMessage());
        }
    }

    @Test
    void socketBuffersAreTomcatsOwnUnlessGivenAndOnlyForATomcatTheBenchmarkStarts() {
        assertEquals(0, BenchOptions.parse().socketBuffer());
        assertEquals(1024, BenchOptions.parse("socket-buffer=1024", "mode=idle").socketBuffer());
        assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse("socket-buffer=100"));
        assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse("socket-buffer=70000"));
        for (String other : new String[] {"container=jetty12", "url=ws://127.0.0.1:8080/websocket-chat/chat"}) {
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                    () -> BenchOptions.parse("socket-buffer=1024", other));
            assertTrue(refused.getMessage().contains("connector of the Tomcat"), refused.getMessage());
        }
    }

    @Test
    void storeIsMemoryUnlessGivenAndJdbcRunsBesideOurWarWithTheMemoryStore() {
        assertEquals(BenchOptions.Store.MEMORY, BenchOptions.parse("store=").store());
        BenchOptions jdbc = BenchOptions.parse("store=jdbc");
        assertEquals(BenchOptions.Store.JDBC, jdbc.store());
        assertEquals(BenchOptions.Peer.MEMORY, jdbc.peer());
        assertEquals(BenchOptions.Peer.EXAMPLES, BenchOptions.parse("store=JDBC", "peer=examples").peer());
        assertEquals(BenchOptions.Peer.NONE, BenchOptions.parse("store=jdbc", "mode=idle").peer());
        assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse("store=redis"));
    }

    @Test
    void storeJdbcIsRefusedWhereTheBenchmarkStartsNoOneTomcat() {
        for (String other : new String[] {"container=jetty12", "nodes=2", "url=ws://127.0.0.1:8080/websocket-chat/chat"}) {
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                    () -> BenchOptions.parse("store=jdbc", other));
            assertTrue(refused.getMessage().contains("one Tomcat"), refused.getMessage());
        }
    }

    @Test
    void peerMemoryNeedsStoreJdbcInLoadMode() {
        for (String[] args : new String[][] {{"peer=memory"}, {"peer=memory", "store=memory"}, {"peer=memory", "store=jdbc", "mode=idle"}}) {
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse(args));
            assertTrue(refused.getMessage().contains("give store=jdbc and mode=load"), refused.getMessage());
        }
    }
}
