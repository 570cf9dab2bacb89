<?xml version="1.0" encoding="UTF-8"?>
<!-- The domain.xml of the integration tests' GlassFish 7 or Payara Server 6 (profiles glassfish and
     payara), made from the one the distribution ships before every run, so that nothing ever
     listens beyond loopback, not even during the first start:
     - every network listener (HTTP 8080, HTTPS 8181, admin 4848), IIOP listener (3700, 3820, 3920),
       JMX connector (8686) and the debugger's port (start-domain with debug only) on 127.0.0.1;
     - no message broker of the server's own: it would listen on 7676 of every interface.
       jms-type DISABLED on Payara; GlassFish 7 has no DISABLED, so REMOTE, to a broker on
       127.0.0.1 that nothing starts;
     - Payara: the JMX connector off (jmx-enabled false): neither the adapter nor asadmin uses it,
       and bound to loopback it logs a SEVERE NotBoundException at every stop; its data grid
       (Hazelcast, whose member on the DAS listens on 4900 of every interface) off; and 1 GiB of
       heap (max-heap) like WildFly and Liberty, as ResilienceIT holds 5,000 connections;
     - the tests' chat settings ("-Da=1 -Db=2") as JVM options of the server. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
    <xsl:param name="settings"/>
    <xsl:param name="jms-type">REMOTE</xsl:param>
    <xsl:param name="jmx-enabled">true</xsl:param>
    <xsl:param name="max-heap"/>

    <xsl:template match="@*|node()">
        <xsl:copy>
            <xsl:apply-templates select="@*|node()"/>
        </xsl:copy>
    </xsl:template>

    <xsl:template match="@address[. = '0.0.0.0']">
        <xsl:attribute name="address">127.0.0.1</xsl:attribute>
    </xsl:template>

    <xsl:template match="network-listener[not(@address)]">
        <xsl:copy>
            <xsl:attribute name="address">127.0.0.1</xsl:attribute>
            <xsl:apply-templates select="@*|node()"/>
        </xsl:copy>
    </xsl:template>

    <xsl:template match="java-config/@debug-options[contains(., 'address=*:')]">
        <xsl:attribute name="debug-options">
            <xsl:value-of select="concat(substring-before(., 'address=*:'), 'address=127.0.0.1:', substring-after(., 'address=*:'))"/>
        </xsl:attribute>
    </xsl:template>

    <xsl:template match="java-config/jvm-options[starts-with(., '-Xmx')]">
        <xsl:choose>
            <xsl:when test="$max-heap != ''">
                <jvm-options>-Xmx<xsl:value-of select="$max-heap"/></jvm-options>
            </xsl:when>
            <xsl:otherwise>
                <xsl:copy-of select="."/>
            </xsl:otherwise>
        </xsl:choose>
    </xsl:template>

    <xsl:template match="config[@name = 'server-config']/java-config">
        <xsl:copy>
            <xsl:apply-templates select="@*|node()"/>
            <xsl:call-template name="jvm-options">
                <xsl:with-param name="rest" select="normalize-space($settings)"/>
            </xsl:call-template>
        </xsl:copy>
    </xsl:template>

    <xsl:template name="jvm-options">
        <xsl:param name="rest"/>
        <xsl:if test="$rest != ''">
            <jvm-options>
                <xsl:value-of select="substring-before(concat($rest, ' '), ' ')"/>
            </jvm-options>
            <xsl:call-template name="jvm-options">
                <xsl:with-param name="rest" select="substring-after($rest, ' ')"/>
            </xsl:call-template>
        </xsl:if>
    </xsl:template>

    <xsl:template match="config[@name = 'server-config']/admin-service/jmx-connector">
        <xsl:copy>
            <xsl:apply-templates select="@*"/>
            <xsl:if test="$jmx-enabled = 'false'">
                <xsl:attribute name="enabled">false</xsl:attribute>
            </xsl:if>
            <xsl:apply-templates select="node()"/>
        </xsl:copy>
    </xsl:template>

    <xsl:template match="config[@name = 'server-config']/hazelcast-config-specific-configuration">
        <xsl:copy>
            <xsl:apply-templates select="@*"/>
            <xsl:attribute name="enabled">false</xsl:attribute>
            <xsl:apply-templates select="node()"/>
        </xsl:copy>
    </xsl:template>

    <!-- server-config has no jms-service of its own (an EMBEDDED one is implied): add one. -->
    <xsl:template match="config[@name = 'server-config'][not(jms-service)]">
        <xsl:copy>
            <xsl:apply-templates select="@*"/>
            <jms-service type="{$jms-type}" default-jms-host="default_JMS_host">
                <jms-host name="default_JMS_host" host="127.0.0.1" port="7676" lazy-init="true"/>
            </jms-service>
            <xsl:apply-templates select="node()"/>
        </xsl:copy>
    </xsl:template>

    <xsl:template match="config[@name = 'server-config']/jms-service/@type">
        <xsl:attribute name="type">
            <xsl:value-of select="$jms-type"/>
        </xsl:attribute>
    </xsl:template>

    <xsl:template match="config[@name = 'server-config']/jms-service/jms-host/@host">
        <xsl:attribute name="host">127.0.0.1</xsl:attribute>
    </xsl:template>
</xsl:stylesheet>
