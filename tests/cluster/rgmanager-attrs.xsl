<?xml version="1.0"?>
<!-- SPDX-License-Identifier: MIT -->
<!-- Every element of an rgmanager <rm> section as "ELEMENT" and every
     attribute as "ELEMENT ATTRIBUTE", one a line, to look up in
     rgmanager-attrs.txt. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:output method="text"/>
  <xsl:template match="/">
    <xsl:for-each select="//*">
      <xsl:value-of select="concat(name(), '&#10;')"/>
      <xsl:for-each select="@*">
        <xsl:value-of select="concat(name(..), ' ', name(), '&#10;')"/>
      </xsl:for-each>
    </xsl:for-each>
  </xsl:template>
</xsl:stylesheet>
